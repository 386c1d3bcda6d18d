// Hand-written SVG charts: a line chart (loss vs step) and a horizontal bar chart (attribution shares). They scale
// with their container through the viewBox, carry a <title>/<desc> for screen readers, and take their colours from
// CSS classes so the light and dark themes both apply.

import { s, uid } from './dom.js';
import { number, percent } from './format.js';

/** About `count` round tick values covering [min, max]. */
export function ticks(min, max, count = 5) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= raw) ?? raw;
  const out = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

function labelled(svg, title, desc) {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${titleId} ${descId}`);
  svg.prepend(s('title', { id: titleId }, title), s('desc', { id: descId }, desc));
}

/**
 * A line chart. series: [{label, points: [{x, y}], className, testid}]; guides: horizontal reference lines
 * [{y, label, className}] (e.g. validation loss before and after). xMin/xMax fix the x range (the job's total
 * steps), so the curve grows towards its known end instead of rescaling on each point.
 */
export function lineChart({ series, guides = [], title, desc, xLabel, yLabel, xMin = 0, xMax, width = 720, height = 300 }) {
  const pad = { top: 16, right: 24, bottom: 44, left: 60 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const xs = series.flatMap((se) => se.points.map((p) => p.x));
  const ys = [...series.flatMap((se) => se.points.map((p) => p.y)), ...guides.map((g) => g.y)].filter(Number.isFinite);
  const x0 = xMin;
  const x1 = Math.max(xMax ?? 0, ...xs, x0 + 1);
  let y0 = ys.length ? Math.min(...ys) : 0;
  let y1 = ys.length ? Math.max(...ys) : 1;
  const yPad = (y1 - y0) * 0.08 || 0.1;
  y0 = Math.max(0, y0 - yPad);
  y1 += yPad;
  const sx = (x) => pad.left + ((x - x0) / (x1 - x0)) * innerW;
  const sy = (y) => pad.top + innerH - ((y - y0) / (y1 - y0)) * innerH;

  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart line-chart', preserveAspectRatio: 'xMidYMid meet' });
  const grid = s('g', { class: 'grid' });
  for (const t of ticks(y0, y1, 5)) {
    if (t < y0 || t > y1) continue;
    grid.append(
      s('line', { x1: pad.left, x2: pad.left + innerW, y1: sy(t), y2: sy(t) }),
      s('text', { x: pad.left - 8, y: sy(t), 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'tick' }, number(t, t < 10 ? 2 : 0)),
    );
  }
  for (const t of ticks(x0, x1, 6).filter((v) => Number.isInteger(v) && v >= x0 && v <= x1)) {
    grid.append(s('text', { x: sx(t), y: pad.top + innerH + 18, 'text-anchor': 'middle', class: 'tick' }, String(t)));
  }
  svg.append(
    grid,
    s('line', { class: 'axis', x1: pad.left, x2: pad.left, y1: pad.top, y2: pad.top + innerH }),
    s('line', { class: 'axis', x1: pad.left, x2: pad.left + innerW, y1: pad.top + innerH, y2: pad.top + innerH }),
    s('text', { class: 'axis-label', x: pad.left + innerW / 2, y: height - 6, 'text-anchor': 'middle' }, xLabel),
    s('text', { class: 'axis-label', x: 14, y: pad.top + innerH / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${pad.top + innerH / 2})` }, yLabel),
  );
  for (const g of guides) {
    if (!Number.isFinite(g.y)) continue;
    svg.append(s('g', { class: ['guide', g.className], 'data-testid': g.testid },
      s('line', { x1: pad.left, x2: pad.left + innerW, y1: sy(g.y), y2: sy(g.y) }),
      s('text', { x: pad.left + innerW - 4, y: sy(g.y) - 5, 'text-anchor': 'end' }, `${g.label} ${number(g.y, 3)}`)));
  }
  for (const se of series) {
    const pts = [...se.points].sort((a, b) => a.x - b.x);
    const line = s('polyline', {
      class: ['series', se.className],
      points: pts.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' '),
      'data-testid': se.testid,
      'data-points': pts.length,
    });
    svg.append(line);
    const last = pts[pts.length - 1];
    // A single point draws no line: mark the latest one so the chart is never blank once data exists.
    if (last) svg.append(s('circle', { class: ['dot', se.className], cx: sx(last.x), cy: sy(last.y), r: 3.5 }));
  }
  labelled(svg, title, desc);
  return svg;
}

/**
 * Horizontal bars of shares in [0,1]. items: [{key, label, value, note}], value drawn as the bar's length;
 * each bar is a <g data-testid=barTestid data-contributor=key>.
 */
export function barChart({ items, title, desc, barTestid, width = 720 }) {
  const row = 30;
  const pad = { top: 8, right: 70, bottom: 8, left: 170 };
  const height = pad.top + pad.bottom + Math.max(1, items.length) * row;
  const innerW = width - pad.left - pad.right;
  const max = Math.max(...items.map((i) => i.value), 0) || 1;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart bar-chart', preserveAspectRatio: 'xMinYMin meet' });
  items.forEach((item, i) => {
    const y = pad.top + i * row;
    const w = Math.max(1, (Math.max(0, item.value) / max) * innerW);
    const label = item.label.length > 24 ? `${item.label.slice(0, 23)}…` : item.label;
    svg.append(s('g', { class: 'bar', 'data-testid': barTestid, 'data-contributor': item.key, 'data-value': item.value },
      s('title', {}, `${item.label}: ${percent(item.value)}${item.note ? ` (${item.note})` : ''}`),
      s('text', { x: pad.left - 10, y: y + row / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'bar-label' }, label),
      s('rect', { x: pad.left, y: y + 5, width: w, height: row - 10, rx: 3 }),
      s('text', { x: pad.left + w + 6, y: y + row / 2, 'dominant-baseline': 'middle', class: 'bar-value' }, percent(item.value))));
  });
  labelled(svg, title, desc);
  return svg;
}

/** A small trend line without axes (score over time on the contributor page). */
export function sparkline({ values, title, desc, width = 240, height = 48 }) {
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart sparkline' });
  if (values.length > 0) {
    const min = Math.min(...values, 0);
    const max = Math.max(...values, 1);
    const sx = (i) => (values.length === 1 ? width / 2 : 4 + (i / (values.length - 1)) * (width - 8));
    const sy = (v) => height - 4 - ((v - min) / (max - min || 1)) * (height - 8);
    svg.append(s('polyline', { class: 'series', points: values.map((v, i) => `${sx(i).toFixed(1)},${sy(v).toFixed(1)}`).join(' ') }));
    svg.append(s('circle', { class: 'dot', cx: sx(values.length - 1), cy: sy(values[values.length - 1]), r: 3 }));
  }
  labelled(svg, title, desc);
  return svg;
}
