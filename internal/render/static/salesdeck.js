// salesdeck.js draws each chart of the page from its JSON block:
//
//   <div class="chart-canvas" id="c_x" data-format="money"></div>
//   <script type="application/json" data-chart="c_x">{...ECharts option...}</script>
//
// Options hold data only. This script adds what JSON cannot carry:
// number formatting for axes and tooltips (Intl, in the page's locale and
// currency), the dark theme when the reader prefers it, lazy drawing as
// charts scroll into view, resizing (names and figures beside bars take
// a share of a narrow chart, wrapping), and drawing everything before
// print.
// Without ECharts (or without JavaScript) the figures tables stay open.
//
// A page whose <html> has data-charts="fixed" (the board handout) is
// paper first: every chart is drawn at once, light, at the size its
// element gives in data-width and data-height, and never resized, so what
// prints is exactly what was drawn. Once every chart of a page has been
// drawn, <html> gets data-charts-ready="true" (`salesdeck pdf` waits for
// it).
(function () {
  'use strict';
  if (typeof window.echarts === 'undefined') return;

  var root = document.documentElement;
  var locale = root.getAttribute('lang') || 'en-US';
  var currency = root.getAttribute('data-currency') || 'USD';
  // data-money="whole": a figure on the page is 1,000 or more, so every
  // amount is in whole units (internal/render/format).
  var wholeMoney = root.getAttribute('data-money') === 'whole';
  // The page's word for thousands, for locales whose short numbers do
  // not abbreviate them (de-DE writes 100.000 €, not 100K).
  var thousands = root.getAttribute('data-thousands') || 'K';
  var darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  var printing = false;
  var PRINT_WIDTH = 680; // CSS px of an A4/Letter text column
  var fixed = root.getAttribute('data-charts') === 'fixed';

  function numberFormat(opts) {
    try { return new Intl.NumberFormat(locale, opts); } catch (e) { return new Intl.NumberFormat('en-US', opts); }
  }
  // The same rounding as the pages (internal/render/format): whole currency
  // units from 1,000 up, whole numbers from 100 up, one decimal for
  // percentages.
  var fmt = {
    money: numberFormat({ style: 'currency', currency: currency }),
    money0: numberFormat({ style: 'currency', currency: currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }),
    number: numberFormat({ maximumFractionDigits: 2 }),
    number0: numberFormat({ maximumFractionDigits: 0 }),
    percent: numberFormat({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    moneyShort: numberFormat({ style: 'currency', currency: currency, notation: 'compact', maximumFractionDigits: 1 }),
    numberShort: numberFormat({ notation: 'compact', maximumFractionDigits: 1 }),
    moneyOne: numberFormat({ style: 'currency', currency: currency, maximumFractionDigits: 1, minimumFractionDigits: 0 }),
    numberOne: numberFormat({ maximumFractionDigits: 1 }),
    percentShort: numberFormat({ style: 'percent', maximumFractionDigits: 0 })
  };
  // Whether the locale's compact notation abbreviates thousands.
  var compactThousands = !/000/.test(fmt.numberShort.format(100000));

  function full(kind) {
    return function (v) {
      if (Array.isArray(v)) v = v[0];
      if (v === null || v === undefined || v === '-' || isNaN(v)) return '—';
      var big = wholeMoney || Math.abs(v) >= 1000;
      if (kind === 'money') return (big ? fmt.money0 : fmt.money).format(v);
      if (kind === 'percent') return fmt.percent.format(v);
      return (Math.abs(v) >= 100 ? fmt.number0 : fmt.number).format(v);
    };
  }

  // short writes axis labels compactly: 100K, 1.5M. Where the locale's
  // compact notation leaves thousands whole, thousands are divided out
  // and marked with the page's word for them (100 Tsd. €).
  function short(kind) {
    if (kind === 'percent') return function (v) { return fmt.percentShort.format(v); };
    var compact = kind === 'money' ? fmt.moneyShort : fmt.numberShort;
    var plain = kind === 'money' ? fmt.moneyOne : fmt.numberOne;
    return function (v) {
      var a = Math.abs(v);
      if (compactThousands || a < 1000 || a >= 1e6) return compact.format(v);
      var parts = plain.formatToParts(v / 1000);
      var last = -1;
      parts.forEach(function (p, i) { if (/^(integer|group|decimal|fraction)$/.test(p.type)) last = i; });
      parts.splice(last + 1, 0, { value: '\u00a0' + thousands });
      return parts.map(function (p) { return p.value; }).join('');
    };
  }

  // textWidth is the width of s in ECharts' default label font.
  var measure = document.createElement('canvas').getContext('2d');
  function textWidth(s) {
    measure.font = '12px sans-serif';
    return measure.measureText(String(s)).width;
  }

  // figures calls fn with every figure of a chart's series: a plain
  // number or an item's value.
  function figures(o, fn) {
    (o.series || []).forEach(function (s) {
      (s.data || []).forEach(function (d) {
        var v = d !== null && typeof d === 'object' ? d.value : d;
        if (Array.isArray(v)) v = v[0];
        if (typeof v === 'number' && isFinite(v)) fn(v);
      });
    });
  }

  function largest(o) {
    var m = 0;
    figures(o, function (v) { m = Math.max(m, Math.abs(v)); });
    return m;
  }

  function negative(o) {
    var neg = false;
    figures(o, function (v) { neg = neg || v < 0; });
    return neg;
  }

  // roundStep is the round figure at or above v: 1, 1.2, 1.5, 2, 2.5,
  // 3, 4, 5, 6 or 8 times a power of ten, so the bars keep most of the
  // plot.
  function roundStep(v) {
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
    for (var i = 0; i < steps.length; i++) if (v <= steps[i] * p * (1 + 1e-9)) return steps[i] * p;
    return 10 * p;
  }

  function prepare(option, kind) {
    option.tooltip = option.tooltip || {};
    option.tooltip.valueFormatter = full(kind);
    [].concat(option.xAxis || [], option.yAxis || []).forEach(function (axis) {
      if (axis.type === 'value') {
        axis.axisLabel = axis.axisLabel || {};
        axis.axisLabel.formatter = short(kind);
        axis.axisLabel.hideOverlap = true;
      }
    });
    // The column of a ratio chart's figures (internal/render/chart)
    // repeats the bars' figures: it has nothing to add to a tooltip.
    (option.series || []).forEach(function (s) {
      if (s.id === 'labels') s.tooltip = { show: false };
    });
    return option;
  }

  // fit shares a chart out at width w: a value axis across it gets no
  // more labels than fit; in a chart of horizontal bars the names on the
  // left take at most 30% of it, cut short with an ellipsis, the column
  // of figures on the right (grid.right) at most 34%, and the bars keep
  // the rest. It works on c.option and reports whether anything changed.
  function fit(c, w) {
    var o = c.option;
    if (!w) return false;
    var changed = false;
    var y = [].concat(o.yAxis || [])[0];
    [].concat(o.xAxis || []).forEach(function (x, i) {
      if (x.type !== 'value' || !x.axisLabel || !x.axisLabel.formatter) return;
      // No more labels than fit the plot as long as the largest, with
      // room between them.
      var names = y && y.axisLabel && y.axisLabel.width ? Math.min(y.axisLabel.width, w * 0.3) : 60;
      var plot = w - names - ((o.grid && o.grid.right) || 24) - 16;
      var big = largest(o);
      var labels = Math.max(2, Math.floor(plot / (textWidth(x.axisLabel.formatter(big)) + 16)));
      c.free = c.free || [];
      if (c.free[i] === undefined) c.free[i] = x.min === undefined && x.max === undefined && !negative(o);
      if (c.free[i] && big > 0) {
        // An axis of the chart's own from 0, in round steps: ECharts
        // would round a step of its own up and add a label.
        var step = roundStep(big / (labels - 1));
        changed = changed || x.interval !== step;
        x.min = 0;
        x.interval = step;
        x.max = step * Math.ceil(big / step);
      } else {
        var n = Math.max(1, Math.min(5, labels - 2));
        changed = changed || x.splitNumber !== n;
        x.splitNumber = n;
      }
    });
    changed = upright(c, w) || changed;
    if (!y || y.type !== 'category' || !y.axisLabel || !y.axisLabel.width) return changed;
    if (!c.room) c.room = { names: y.axisLabel.width, column: o.grid && o.grid.right };
    var names = Math.min(c.room.names, Math.round(w * 0.3));
    changed = changed || y.axisLabel.width !== names;
    y.axisLabel.width = names;
    y.axisLabel.overflow = 'truncate';
    var column = (o.series || []).filter(function (s) { return s.id === 'labels'; })[0];
    if (column && c.room.column) {
      var right = Math.min(c.room.column, Math.round(w * 0.34));
      changed = changed || o.grid.right !== right;
      o.grid.right = right;
      // Narrower than it was built for, the column writes a bar's status
      // under its figure ("  " parts them).
      var narrow = right < c.room.column;
      if (!c.room.texts) c.room.texts = column.data.map(function (d) { return d && d.label ? d.label.formatter : ''; });
      column.data.forEach(function (d, i) {
        if (!d || !d.label) return;
        d.label.formatter = narrow ? c.room.texts[i].replace('  ', '\n') : c.room.texts[i];
        d.label.width = right - 12;
      });
    }
    return changed;
  }

  // upright keeps a waterfall's figures, written over (or, below zero,
  // under) each bar, from running into each other where a bar's share of
  // the width w is narrower than the widest: they turn to read upwards,
  // the plot leaving room above and below for the longest, or, where
  // that room would leave the plot too little of the chart's height (the
  // handout's small charts), they are left out, and the figures table
  // under the chart has them. It reports whether anything changed.
  function upright(c, w) {
    var o = c.option;
    var x = [].concat(o.xAxis || [])[0];
    if (!x || x.type !== 'category' || !x.data || !x.data.length || !o.grid) return false;
    var labels = [];
    (o.series || []).forEach(function (s) {
      if (s.stack !== 'w') return;
      (s.data || []).forEach(function (d) { if (d && d.label && d.label.formatter) labels.push(d.label); });
    });
    if (!labels.length) return false;
    if (!c.upright) c.upright = { top: o.grid.top, bottom: o.grid.bottom, mode: 'flat' };
    var widest = Math.max.apply(null, labels.map(function (l) { return textWidth(l.formatter); }));
    var room = Math.ceil(widest) + 8;
    var height = +c.el.getAttribute('data-height') || c.el.clientHeight || 300;
    // The value axis's labels take about 80 px of the width.
    // The plot keeps at least 40% of the height, under the room and
    // above the names of the bars (turned, about 70 px).
    var plot = height - c.upright.top - room - 70;
    var mode = (w - 80) / x.data.length >= widest + 8 ? 'flat' : plot >= height * 0.4 ? 'upright' : 'hidden';
    if (mode === c.upright.mode) return false;
    c.upright.mode = mode;
    var turn = mode === 'upright';
    var below = false;
    labels.forEach(function (l) {
      var under = l.position === 'bottom';
      below = below || under;
      l.show = mode !== 'hidden';
      // Back to flat, the figures are set as ECharts sets them by
      // default: setOption merges, so a key left out would stay turned.
      l.rotate = turn ? 90 : 0;
      l.align = turn ? (under ? 'right' : 'left') : 'center';
      l.verticalAlign = turn ? 'middle' : (under ? 'top' : 'bottom');
    });
    o.grid.top = turn ? c.upright.top + room : c.upright.top;
    o.grid.bottom = turn && below ? c.upright.bottom + room : c.upright.bottom;
    return true;
  }

  var charts = [];
  document.querySelectorAll('script[type="application/json"][data-chart]').forEach(function (block) {
    // The chart's element sits right before its block; looking it up by
    // id could find a Markdown heading that happens to share the id.
    var el = block.previousElementSibling;
    if (!el || !el.classList.contains('chart-canvas') || el.id !== block.getAttribute('data-chart')) return;
    var option;
    try { option = JSON.parse(block.textContent); } catch (e) { return; }
    var c = { el: el, option: prepare(option, el.getAttribute('data-format')), inst: null };
    charts.push(c);
    // The chart will show the figures; fold the table under it (print
    // unfolds it again).
    var fig = el.closest('figure');
    var details = fig && fig.querySelector('details.chart-data');
    if (details) {
      details.open = false;
      c.details = details;
    }
  });
  if (!charts.length) {
    root.setAttribute('data-charts-ready', 'true');
    return;
  }

  var drawn = 0;
  function finished(c) {
    if (c.drawn) return;
    c.drawn = true;
    if (++drawn === charts.length) root.setAttribute('data-charts-ready', 'true');
  }

  function dark() { return !fixed && !printing && darkQuery && darkQuery.matches; }

  function draw(c) {
    if (c.inst) c.inst.dispose();
    var size = { renderer: 'svg' };
    if (fixed) {
      size.width = +c.el.getAttribute('data-width') || c.el.clientWidth || PRINT_WIDTH;
      size.height = +c.el.getAttribute('data-height') || c.el.clientHeight || 300;
    }
    fit(c, size.width || c.el.clientWidth);
    c.inst = echarts.init(c.el, dark() ? 'dark' : null, size);
    // 'finished' fires once the frame is painted, not when setOption
    // returns.
    c.inst.on('finished', function () { finished(c); });
    try {
      c.inst.setOption(c.option);
    } catch (e) {
      // One broken chart must not keep the others, or a print waiting
      // for all of them, from finishing.
      finished(c);
      if (window.console) console.error(e);
    }
  }

  if (fixed) {
    charts.forEach(draw);
    return;
  }

  var resizer = typeof ResizeObserver === 'function' ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      charts.forEach(function (c) {
        if (c.el !== entry.target || !c.inst || printing) return;
        if (fit(c, c.el.clientWidth)) c.inst.setOption(c.option);
        c.inst.resize();
      });
    });
  }) : null;

  function show(c) {
    if (c.inst) return;
    draw(c);
    if (resizer) resizer.observe(c.el);
  }

  if (typeof IntersectionObserver === 'function') {
    var lazy = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        lazy.unobserve(entry.target);
        charts.forEach(function (c) { if (c.el === entry.target) show(c); });
      });
    }, { rootMargin: '300px 0px' });
    charts.forEach(function (c) { lazy.observe(c.el); });
  } else {
    charts.forEach(show);
  }

  if (!resizer) {
    window.addEventListener('resize', function () {
      charts.forEach(function (c) { if (c.inst) c.inst.resize(); });
    });
  }

  if (darkQuery && darkQuery.addEventListener) {
    darkQuery.addEventListener('change', function () {
      charts.forEach(function (c) { if (c.inst) draw(c); });
    });
  }

  // Print draws every chart, light, at the width of the paper's text
  // column; CSS scales the SVG to the column if it is narrower.
  // Folded figures tables open for print (a closed <details> prints only
  // its summary) and fold again afterwards.
  window.addEventListener('beforeprint', function () {
    printing = true;
    charts.forEach(function (c) {
      if (c.details && !c.details.open) {
        c.details.open = true;
        c.unfolded = true;
      }
      if (!c.inst || (darkQuery && darkQuery.matches)) draw(c);
      if (resizer) resizer.observe(c.el);
      var w = Math.min(PRINT_WIDTH, c.el.clientWidth || PRINT_WIDTH);
      if (fit(c, w)) c.inst.setOption(c.option);
      c.inst.resize({ width: w });
    });
  });
  window.addEventListener('afterprint', function () {
    printing = false;
    charts.forEach(function (c) {
      if (c.unfolded) {
        c.details.open = false;
        c.unfolded = false;
      }
      if (darkQuery && darkQuery.matches) draw(c); else if (c.inst) c.inst.resize();
    });
  });
})();
