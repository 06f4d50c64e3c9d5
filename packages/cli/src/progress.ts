// The progress bar of multi-packet sends: cli-progress on stderr, only when stderr is a terminal,
// never with --json, never for a send of one packet.
import type { SendProgress } from '@esemes/core';
import { Presets, SingleBar } from 'cli-progress';
import type { Output } from './output.js';

export interface Progress {
  /** Pass as core's `onProgress`; undefined when no bar is shown. */
  onProgress: ((progress: SendProgress) => void) | undefined;
  /** Stop the bar (leaves the last state on screen). */
  stop(): void;
}

export function startProgress(output: Output, totals: { numbers: number; packets: number }): Progress {
  if (output.json || !output.io.isTTY || totals.packets <= 1) return { onProgress: undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream: output.io.stderr,
      format: 'Sending [{bar}] {percentage}% | {value}/{total} numbers | packet {packets}',
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  bar.start(totals.numbers, 0, { packets: `0/${totals.packets}` });
  return {
    onProgress: (p) => bar.update(p.numbersDone, { packets: `${p.packetsDone}/${p.packetsTotal ?? totals.packets}` }),
    stop: () => bar.stop(),
  };
}
