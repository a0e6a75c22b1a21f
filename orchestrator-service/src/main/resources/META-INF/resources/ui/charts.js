// Small SVG charts for the migration page, written for it (nothing fetched at run time, nothing
// inline: the Content-Security-Policy allows neither): lines over time, a state timeline per row,
// and a cutover's steps with its write pause. Elements only; the data comes from the page.
'use strict';
const SVG_NS = 'http://www.w3.org/2000/svg';
const CHART = { w: 640, h: 170, left: 86, right: 10, top: 10, bottom: 22 };

/** Builds an SVG element: s('line', {x1: 0}, child, ...). */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, v);
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function clock(t) { return new Date(t).toLocaleTimeString(); }

/** 12,345 · 1.2 M · 3.4 GiB: a value as an axis shows it. */
function short(v, unit) {
  if (unit === 'B') {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i ? v.toFixed(1) : Math.round(v)) + ' ' + units[i];
  }
  if (v >= 1e6) return (v / 1e6).toFixed(1) + ' M' + (unit ? ' ' + unit : '');
  return Math.round(v).toLocaleString('en-US') + (unit ? ' ' + unit : '');
}

/** The time axis of the samples: x(t) in the plot. */
function timeScale(t0, t1) {
  const span = Math.max(1, t1 - t0);
  return (t) => CHART.left + ((CHART.w - CHART.left - CHART.right) * (t - t0)) / span;
}

function frame(title, id, t0, t1) {
  const plot = s('svg', { viewBox: '0 0 ' + CHART.w + ' ' + CHART.h, class: 'plot', role: 'img', 'aria-label': title });
  const base = CHART.h - CHART.bottom;
  plot.append(
    s('line', { x1: CHART.left, y1: base, x2: CHART.w - CHART.right, y2: base, class: 'axis' }),
    s('text', { x: CHART.left, y: CHART.h - 6, class: 'tick' }, clock(t0)),
    s('text', { x: CHART.w - CHART.right, y: CHART.h - 6, class: 'tick end' }, clock(t1)));
  const figure = h('figure', { class: 'chart', id }, h('figcaption', {}, title));
  figure.append(plot);
  return { figure, plot };
}

/**
 * A line per series over time: series [{name, points: [[ms, value], ...]}], unit for the axis.
 * Each polyline carries data-points (its number of points), which the browser test reads.
 */
function lineChart(id, title, series, unit) {
  const points = series.flatMap((x) => x.points);
  if (points.length < 2) return h('figure', { class: 'chart', id }, h('figcaption', {}, title), h('p', { class: 'muted' }, 'not enough samples yet'));
  const t0 = Math.min(...points.map((p) => p[0]));
  const t1 = Math.max(...points.map((p) => p[0]));
  const top = Math.max(1, ...points.map((p) => p[1]));
  const x = timeScale(t0, t1);
  const y = (v) => CHART.top + (CHART.h - CHART.top - CHART.bottom) * (1 - v / top);
  const { figure, plot } = frame(title, id, t0, t1);
  plot.append(
    s('line', { x1: CHART.left, y1: CHART.top, x2: CHART.left, y2: CHART.h - CHART.bottom, class: 'axis' }),
    s('text', { x: CHART.left - 6, y: CHART.top + 9, class: 'tick end' }, short(top, unit)),
    s('text', { x: CHART.left - 6, y: CHART.h - CHART.bottom, class: 'tick end' }, '0'));
  series.forEach((line, i) => {
    if (!line.points.length) return;
    plot.append(s('polyline', {
      points: line.points.map((p) => x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join(' '),
      class: 'line c' + (i % 6), 'data-series': line.name, 'data-points': line.points.length,
    }, s('title', {}, line.name)));
  });
  figure.append(h('ul', { class: 'legend' }, series.map((line, i) => h('li', { class: 'c' + (i % 6) }, line.name))));
  return figure;
}

/**
 * A row per name, coloured by state over time: rows [{name, spans: [[fromMs, toMs, state]]}]; a
 * span's class is its state (MATCH, MISMATCH, PENDING, ERROR, none).
 */
function stateTimeline(id, title, rows) {
  const spans = rows.flatMap((r) => r.spans);
  if (!spans.length) return h('figure', { class: 'chart', id }, h('figcaption', {}, title), h('p', { class: 'muted' }, 'not enough samples yet'));
  const t0 = Math.min(...spans.map((p) => p[0]));
  const t1 = Math.max(...spans.map((p) => p[1]));
  const x = timeScale(t0, t1);
  const band = Math.max(8, Math.min(22, (CHART.h - CHART.top - CHART.bottom) / Math.max(1, rows.length)));
  const { figure, plot } = frame(title, id, t0, t1);
  rows.forEach((row, i) => {
    const top = CHART.top + i * band;
    plot.append(s('text', { x: CHART.left - 6, y: top + band * 0.7, class: 'tick end' }, row.name.length > 15 ? '…' + row.name.slice(-14) : row.name));
    row.spans.forEach(([from, to, state]) => plot.append(s('rect', {
      x: x(from).toFixed(1), y: (top + 1).toFixed(1), width: Math.max(1, x(to) - x(from)).toFixed(1), height: (band - 2).toFixed(1),
      class: 'state ' + (state || 'none'),
    }, s('title', {}, row.name + ': ' + (state || 'not validated yet') + ' from ' + clock(from)))));
  });
  return figure;
}

/**
 * A cutover's steps as bars on its time line, the write pause (freeze to switch) marked: the
 * cutover report's steps [{step, at, durationMs}], frozenAt, switchedAt, writePauseMs.
 */
function stepTimeline(id, title, cutover) {
  const steps = (cutover.steps || []).filter((st) => st.at);
  if (!steps.length) return h('figure', { class: 'chart', id }, h('figcaption', {}, title), h('p', { class: 'muted' }, 'no step yet'));
  const start = (st) => Date.parse(st.at);
  const end = (st) => start(st) + (st.durationMs === null || st.durationMs === undefined ? 0 : st.durationMs);
  const t0 = Math.min(...steps.map(start));
  const t1 = Math.max(t0 + 1, ...steps.map(end), cutover.switchedAt ? Date.parse(cutover.switchedAt) : 0);
  const x = timeScale(t0, t1);
  const band = Math.max(8, Math.min(18, (CHART.h - CHART.top - CHART.bottom) / steps.length));
  const { figure, plot } = frame(title, id, t0, t1);
  if (cutover.frozenAt && cutover.switchedAt) {
    const from = x(Date.parse(cutover.frozenAt));
    const to = x(Date.parse(cutover.switchedAt));
    plot.append(s('rect', { x: from.toFixed(1), y: CHART.top, width: Math.max(1, to - from).toFixed(1), height: CHART.h - CHART.top - CHART.bottom, class: 'pause', id: id + '-pause' },
      s('title', {}, 'write pause ' + cutover.writePauseMs + ' ms')));
    plot.append(s('text', { x: (from + 4).toFixed(1), y: CHART.h - CHART.bottom - 4, class: 'tick' }, 'write pause ' + cutover.writePauseMs + ' ms'));
  }
  steps.forEach((st, i) => {
    const top = CHART.top + i * band;
    plot.append(s('text', { x: CHART.left - 6, y: top + band * 0.75, class: 'tick end' }, st.step));
    plot.append(s('rect', {
      x: x(start(st)).toFixed(1), y: (top + 1).toFixed(1), width: Math.max(2, x(end(st)) - x(start(st))).toFixed(1), height: (band - 2).toFixed(1),
      class: 'step', 'data-step': st.step,
    }, s('title', {}, st.step + ': ' + (st.durationMs === null || st.durationMs === undefined ? 'running' : st.durationMs + ' ms'))));
  });
  return figure;
}
