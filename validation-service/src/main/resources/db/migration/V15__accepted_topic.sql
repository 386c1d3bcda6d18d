-- What a datanet's accepted records are about (TopicRelevance): the sum of their unit embeddings and how many there
-- are; their mean is the datanet's topic beside its description once enough records are accepted.
CREATE TABLE accepted_topic (
    datanet_id    TEXT   PRIMARY KEY,
    embedding_sum BYTEA  NOT NULL,
    records       BIGINT NOT NULL
);
