// The overview's per-day chart as data for an inline SVG (views/partials/chart.hbs draws it): bars of sent,
// delivered and failed messages per day, a y axis rounded to a readable step. No charting library: seven
// groups of three bars do not earn one, and the numbers are also in a table beside it.
import type { Language } from './i18n.js';

export interface ChartDay {
  date: string;
  counts: { sent: number; delivered: number; failed: number };
}

export interface Chart {
  width: number;
  height: number;
  bars: Array<{ x: number; y: number; width: number; height: number; series: 'sent' | 'delivered' | 'failed'; value: number; date: string }>;
  ticks: Array<{ y: number; label: string }>;
  days: Array<{ x: number; label: string }>;
  baseline: number;
}

const WIDTH = 640;
const HEIGHT = 240;
const LEFT = 44;
const BOTTOM = 28;
const TOP = 10;
const SERIES = ['sent', 'delivered', 'failed'] as const;

/** A step of 1, 2 or 5 × 10ⁿ so that about four ticks cover `max`. */
function niceStep(max: number): number {
  if (max <= 4) return 1;
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const steps = [1, 2, 5, 10].map((m) => m * power);
  return steps.find((step) => step >= rough) ?? 10 * power;
}

export function dayChart(perDay: readonly ChartDay[], language: Language): Chart {
  const max = Math.max(0, ...perDay.flatMap((day) => SERIES.map((series) => day.counts[series])));
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const groupWidth = (WIDTH - LEFT) / Math.max(1, perDay.length);
  const barWidth = Math.max(2, Math.floor((groupWidth * 0.75) / SERIES.length));
  const y = (value: number): number => TOP + plotHeight - (value / top) * plotHeight;
  const number = new Intl.NumberFormat(language === 'tr' ? 'tr-TR' : 'en-GB');
  const dayLabel = new Intl.DateTimeFormat(language === 'tr' ? 'tr-TR' : 'en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const bars: Chart['bars'] = [];
  const days: Chart['days'] = [];
  perDay.forEach((day, index) => {
    const groupLeft = LEFT + index * groupWidth + (groupWidth - barWidth * SERIES.length) / 2;
    SERIES.forEach((series, s) => {
      const value = day.counts[series];
      const barTop = y(value);
      bars.push({
        x: round(groupLeft + s * barWidth),
        y: round(barTop),
        width: barWidth - 1,
        height: round(TOP + plotHeight - barTop),
        series,
        value,
        date: day.date,
      });
    });
    days.push({ x: round(LEFT + index * groupWidth + groupWidth / 2), label: dayLabel.format(new Date(`${day.date}T12:00:00Z`)) });
  });
  const ticks: Chart['ticks'] = [];
  for (let value = 0; value <= top; value += step) ticks.push({ y: round(y(value)), label: number.format(value) });
  return { width: WIDTH, height: HEIGHT, bars, ticks, days, baseline: TOP + plotHeight };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
