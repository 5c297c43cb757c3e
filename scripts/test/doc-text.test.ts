import { describe, expect, it } from 'vitest';
import { docText, firstSentence } from '../generate/doc-text.ts';

describe('firstSentence', () => {
  it('keeps a sentence that runs over several lines whole', () => {
    expect(firstSentence('Builds the time directories from a timestamp inside the records instead\nof the time of the dump. Needs a field.')).toBe(
      'Builds the time directories from a timestamp inside the records instead of the time of the dump.',
    );
  });

  it('stops at the first sentence end followed by a new sentence', () => {
    expect(firstSentence('Dump progress of one partition. The page types the list\nas strings.')).toBe('Dump progress of one partition.');
    expect(firstSentence('Is it done? `true` once it is.')).toBe('Is it done?');
  });

  it('does not stop at abbreviations, dotted names or decimals', () => {
    expect(firstSentence('Codec, e.g. H.264 or H.265, of the output. More.')).toBe('Codec, e.g. H.264 or H.265, of the output.');
    expect(firstSentence('Version 1.5 of the body.format field. Next.')).toBe('Version 1.5 of the body.format field.');
  });

  it('returns a description without a sentence end whole, and folds white space', () => {
    expect(firstSentence('  Relay\n  task  ')).toBe('Relay task');
    expect(firstSentence('')).toBe('');
  });
});

describe('docText', () => {
  it('cannot close the doc comment it is put in', () => {
    expect(docText('a */ b')).toBe('a *\\/ b');
  });
});
