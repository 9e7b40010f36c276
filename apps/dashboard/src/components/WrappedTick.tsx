/**
 * Axis labels that wrap on whole words, so long names (teams, providers) stay legible
 * and never run into their neighbours on a narrow screen.
 */
import { inkColor } from '../lib/colors.ts';

/** A name broken into lines of at most `max` characters (whole words; a longer word keeps its own line). */
export function wrapLabel(name: string, max: number): string[] {
  const lines: string[] = [];
  for (const word of name.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
}

/** A category tick under an x axis: lines centred below the tick. */
export function wrappedXTick(max: number) {
  return function XTick(props: TickProps) {
    const x = Number(props.x ?? 0);
    const lines = wrapLabel(String(props.payload?.value ?? ''), max);
    return (
      <text x={x} y={Number(props.y ?? 0) + 4} textAnchor="middle" fill={inkColor} fontSize={12}>
        {lines.map((line, i) => (
          <tspan key={i} x={x} dy={i === 0 ? '0.71em' : '1.15em'}>
            {line}
          </tspan>
        ))}
      </text>
    );
  };
}

/** A category tick beside a y axis (horizontal bars): lines right-aligned, centred on the bar. */
export function wrappedYTick(max: number) {
  return function YTick(props: TickProps) {
    const x = Number(props.x ?? 0);
    const lines = wrapLabel(String(props.payload?.value ?? ''), max);
    const first = -((lines.length - 1) * 1.15) / 2 + 0.32;
    return (
      <text x={x} y={Number(props.y ?? 0)} textAnchor="end" fill={inkColor} fontSize={12}>
        {lines.map((line, i) => (
          <tspan key={i} x={x} dy={i === 0 ? `${first}em` : '1.15em'}>
            {line}
          </tspan>
        ))}
      </text>
    );
  };
}
