// Plain-language meaning of validation-service's stable reason codes (validation-service/README.md), so a
// contributor can see what to fix without looking the codes up.

import { h } from './dom.js';

const REASONS = {
  'structure.unsupported-type': 'the file is not JSONL, CSV, TXT, MD, PDF or DOCX',
  'structure.invalid-utf8': 'the text is not valid UTF-8',
  'structure.unreadable-document': 'the PDF or DOCX does not open (corrupt or encrypted)',
  'structure.document-too-large': 'the PDF or DOCX decodes to far more than a document holds (pages, text or content past the limits)',
  'structure.unjudgeable': 'judging this file stopped the service several times; it is not tried again',
  'structure.csv-too-wide': 'a CSV row has more than 64 columns',
  'structure.malformed-json': 'the JSONL line does not parse',
  'structure.malformed-csv': 'unbalanced quotes or a row wider than the header',
  'structure.missing-field': 'no text, prompt/completion or messages field',
  'structure.invalid-conversation': 'a conversation turn that is not system, user or assistant, or no assistant reply at the end',
  'structure.empty': 'the record has no text',
  'structure.control-characters': 'control characters (NUL, escape sequences) or a broken surrogate in the text',
  'length.too-short': 'too few characters',
  'length.too-long': 'too many characters',
  'quality.word-count': 'too few words',
  'quality.mean-word-length': 'words unusually short or long on average',
  'quality.symbol-ratio': 'too many symbols per word',
  'quality.alpha-ratio': 'too few words contain a letter',
  'quality.punctuation-lines': 'too few lines end in punctuation',
  'quality.duplicate-lines': 'too many repeated lines',
  'quality.ngram-repetition': 'the same phrases repeat too much',
  'pii.email': 'contains an e-mail address',
  'pii.phone': 'contains a phone number',
  'pii.card': 'contains a payment card number',
  'pii.iban': 'contains an IBAN',
  'duplicate.exact': 'the same text was already in this upload or the datanet',
  'duplicate.near': 'a near copy of text already in this upload or the datanet',
  'duplicate.semantic': 'a rewording of text already in this upload or the datanet: the same sentences with other words',
  'duplicate.cross-contributor': 'a copy or rewording of another contributor\'s accepted record',
  'relevance.off-topic': 'not about this datanet\'s topic: too far from its accepted data (or, while it has little data, from its description and tags)',
};

export function reasonText(code) {
  return REASONS[code] ?? 'see the validation report';
}

/** How many records were dropped for one reason, in words; the code itself on hover, for those who know them. */
export function reasonChip(code, count) {
  return h('span', { class: 'chip reason', title: code, 'data-reason': code }, `${reasonText(code)} ×${count}`);
}
