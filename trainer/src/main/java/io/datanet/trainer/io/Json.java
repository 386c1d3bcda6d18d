package io.datanet.trainer.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The trainer's one JSON configuration, Jackson's defaults, for everything it reads and writes as JSON: Hugging
 * Face's config.json, tokenizer files, adapter_config.json, safetensors headers, checkpoint state and audit records.
 * A mapper is thread-safe once configured, so one serves every caller.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** For the files people open (config.json, adapter_config.json): indented, as transformers and PEFT write them. */
    public static final ObjectWriter INDENTED = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {
    }
}
