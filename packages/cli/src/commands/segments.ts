// esemes segments TEXT: how many SMS parts (credits per number) a text costs. No account needed.
import { segments, transliterate, type Segments } from '@esemes/core';
import type { Command } from 'commander';
import type { Output } from '../output.js';

interface SegmentsFlags {
  optOutLink?: boolean;
  optOutPhone?: boolean;
  json?: boolean;
}

const UNIT_NAMES: Record<Segments['encoding'], string> = {
  gsm7: 'septets',
  'gsm7-turkish': 'septets (Turkish shift table)',
  ucs2: 'UTF-16 units',
};

function rows(s: Segments): string[][] {
  return [
    ['Encoding', s.encoding],
    ['Characters', String(s.characters)],
    ['Units', `${s.units} ${UNIT_NAMES[s.encoding]}`],
    ['Parts', `${s.parts} (credits per number)`],
    ['Per part', String(s.perPart)],
    ['Remaining', `${s.remaining} in the last part`],
  ];
}

function showSegments(output: Output, words: string[], flags: SegmentsFlags): void {
  const text = words.join(' ');
  const optOut = { optOutLink: flags.optOutLink === true, optOutPhone: flags.optOutPhone === true };
  const result = segments(text, optOut);
  const ascii = transliterate(text);
  const alternative = ascii === text ? undefined : segments(ascii, optOut);
  if (output.json) {
    output.document({ ...result, ...(alternative ? { transliterated: { text: ascii, ...alternative } } : {}) });
    return;
  }
  for (const [label, value] of rows(result)) output.line(`${`${label}:`.padEnd(12)}${value}`);
  if (alternative) {
    const saving = result.parts - alternative.parts;
    output.line('');
    output.line(
      `Transliterated (--transliterate): ${alternative.parts} part${alternative.parts === 1 ? '' : 's'} (${alternative.encoding}, ${alternative.perPart} per part)${saving > 0 ? `, saves ${saving} per number` : ''}`,
    );
    output.line(`  ${ascii}`);
  }
}

export function registerSegments(program: Command, output: Output): void {
  program
    .command('segments')
    .summary('count the SMS parts (credits) of a text')
    .description('Show how a text is encoded and how many SMS parts (credits per number) it costs. Needs no account.')
    .argument('<text...>', 'the message text (quote it, or its words are joined with spaces)')
    .option('--opt-out-link', "count the provider's opt-out link too")
    .option('--opt-out-phone', "count the provider's opt-out phone sentence too")
    .option('--json', 'print one JSON document on stdout')
    .addHelpText('after', '\nExamples:\n  $ esemes segments "Siparişiniz kargoya verildi"\n  $ esemes segments "Indirim basladi" --opt-out-link --json')
    .action((words: string[], flags: SegmentsFlags) => showSegments(output, words, flags));
}
