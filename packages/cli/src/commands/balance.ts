// esemes balance: credits left for numeric and alphanumeric sender titles.
import type { Command } from 'commander';
import { clientFromEnv } from '../config.js';
import type { Output } from '../output.js';

async function balance(output: Output): Promise<void> {
  const result = await clientFromEnv(output).balance();
  if (output.json) {
    output.document({ numeric: result.numeric, alphanumeric: result.alphanumeric, raw: result.raw });
    return;
  }
  const show = (credits: number | null): string => (credits === null ? 'not in the reply' : `${credits} credits`);
  output.line(`Numeric sender titles:       ${show(result.numeric)}`);
  output.line(`Alphanumeric sender titles:  ${show(result.alphanumeric)}`);
  if (result.numeric === null || result.alphanumeric === null) output.info(`The provider's reply was: ${result.raw.trim()}`);
}

export function registerBalance(program: Command, output: Output): void {
  program
    .command('balance')
    .summary('show the credits left')
    .description('Show the credits left for numeric and for alphanumeric sender titles.')
    .option('--json', 'print one JSON document on stdout: { numeric, alphanumeric, raw }')
    .addHelpText('after', '\nExample:\n  $ esemes balance')
    .action(() => balance(output));
}
