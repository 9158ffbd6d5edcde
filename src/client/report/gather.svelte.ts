import { correlationChart, distributionChart, prChart, rocChart, timeSeriesChart } from '../../charts/index';
import { checkCriteria } from '../business/criteria';
import { incidentsPerDay, measureAt } from '../business/measure';
import { moneyAt, moneyFormula } from '../business/money';
import { errorMessage } from '../engine-client';
import { nowIso } from '../persist';
import type { Workbench } from '../workbench.svelte';
import { chartSvg } from './chart-svg';
import { prepSteps } from './prep-steps';
import type { ReportChart, ReportInput } from './report-input';

async function orNull<T>(work: () => Promise<T>, failures: string[], what: string): Promise<T | null> {
  try {
    return await work();
  } catch (e) {
    failures.push(`${what}: ${errorMessage(e)}`);
    return null;
  }
}

/**
 * Collects what the report shows from the workbench: settings, the dataset, views computed in the worker
 * (quality, distributions, correlations), the leaderboard, the evaluation at the chosen threshold and the
 * notes; charts are drawn to SVG here. `failures` lists the views that could not be computed.
 */
export async function gatherReport(wb: Workbench): Promise<{ input: ReportInput; failures: string[] }> {
  const failures: string[] = [];
  const s = wb.settings;
  const info = wb.data?.result ?? null;
  const edaCharts: ReportChart[] = [];
  const chart = (cell: string, title: string, svg: string, caption: string, phase = 'data'): ReportChart => ({
    phase,
    cell,
    title,
    svg,
    caption,
  });
  let quality: ReportInput['quality'] = null;
  if (info) {
    const q = await orNull(() => wb.engine.quality(), failures, 'data quality');
    if (q) quality = { reading: q.reading, findings: q.findings };
    const series = wb.series?.result;
    if (series?.series.length) {
      const opts = timeSeriesChart({
        series: series.series,
        anomalyRanges: series.anomalyRanges,
        heightPerMetric: 110,
        axis: series.rowIndexAxis ? 'row' : 'time',
      });
      const who = s.view.entities.length ? ` of ${s.view.entities.join(', ')}` : '';
      edaCharts.push(
        chart(
          'series',
          'Time series',
          chartSvg(opts),
          `The metrics${who} over time; labelled anomalies shaded.`,
        ),
      );
    }
    const dist = await orNull(
      () => wb.engine.distributions({ bandwidthScale: 1, log: 'auto' }),
      failures,
      'distributions',
    );
    if (dist?.items.length) {
      const opts = distributionChart({
        metrics: dist.items.map((i) => ({ metric: i.metric, hist: i.hist })),
      });
      edaCharts.push(chart('distributions', 'Distributions', chartSvg(opts), dist.reading));
    }
    const corr = await orNull(() => wb.engine.correlation('pearson'), failures, 'correlations');
    if (corr && corr.metrics.length > 1) {
      const opts = correlationChart({
        names: corr.metrics,
        matrix: Float64Array.from(corr.matrix, (v) => (v === null ? NaN : v)),
        method: corr.method,
        width: 420,
      });
      edaCharts.push(chart('correlation', 'Correlations', chartSvg(opts, 420), corr.reading));
    }
  }

  const ev = wb.evaluation?.result ?? null;
  const threshold = s.threshold ?? ev?.suggestedThreshold ?? 0;
  const model = wb.trained?.result.fitted.detector.type ?? 'model';
  const measured = ev ? measureAt(ev, threshold) : null;
  const curveCharts: ReportChart[] = [];
  const compared = (wb.comparison?.result.models ?? []).filter((m) => m.roc && m.pr);
  if (ev?.roc && ev.pr && measured) {
    const point = measured.recall !== null && measured.fpr !== null;
    const roc =
      compared.length > 1
        ? compared.map((m) => ({ model: m.label, fpr: m.roc!.fpr, tpr: m.roc!.tpr, auc: m.rocAuc ?? NaN }))
        : [{ model, fpr: ev.roc.fpr, tpr: ev.roc.tpr, auc: ev.roc.auc }];
    const pr =
      compared.length > 1
        ? compared.map((m) => ({
            model: m.label,
            recall: m.pr!.recall,
            precision: m.pr!.precision,
            ap: m.prAuc ?? NaN,
          }))
        : [{ model, recall: ev.pr.recall, precision: ev.pr.precision, ap: ev.pr.ap }];
    const at = `; the dot is the model in use (${model}) at the chosen threshold`;
    curveCharts.push(
      chart(
        'evaluate',
        'ROC curve',
        chartSvg(
          rocChart({
            curves: roc,
            point: point ? { fpr: measured.fpr!, tpr: measured.recall! } : undefined,
            width: 440,
          }),
          440,
        ),
        `True-positive rate against false-positive rate on the test rows${at}.`,
        'evaluation',
      ),
      chart(
        'evaluate',
        'Precision-recall curve',
        chartSvg(
          prChart({
            curves: pr,
            positiveShare: ev.positives / ev.testRows,
            point: point ? { recall: measured.recall!, precision: measured.precision! } : undefined,
            width: 440,
          }),
          440,
        ),
        `Precision against recall on the test rows; the dashed line is chance${at}.`,
        'evaluation',
      ),
    );
  }
  const money = measured ? moneyAt(measured, s.business.costs) : null;
  const board = wb.runs.leaderboard(wb.fpPrep);
  const input: ReportInput = {
    title: s.name,
    generatedAt: nowIso(),
    business: $state.snapshot(s.business),
    dataset: info && {
      name: info.name,
      rows: info.rows,
      columns: info.columns.length,
      instances: info.entities.length,
      timeRange: info.timeRange,
      labelledShare: info.labelled ? info.labelled.share : null,
      metrics: info.metrics,
      warnings: info.warnings,
    },
    quality,
    edaCharts,
    prep: wb.prep ? prepSteps(wb.prepSettings(), wb.prep.result) : null,
    leaderboard: board.map((r) => ({
      model: r.detector.type,
      inUse: r.id === wb.runs.chosen,
      validationPrAuc: r.result.validation?.prAuc ?? null,
      validationRocAuc: r.result.validation?.rocAuc ?? null,
      testPrAuc: r.result.test.prAuc,
      testRocAuc: r.result.test.rocAuc,
      alertRate: (r.result.validation ?? r.result.test).alertRate,
      seconds: r.result.seconds,
    })),
    comparison: (wb.comparison?.result.models ?? []).map((m) => ({
      model: m.label,
      prAuc: m.prAuc,
      rocAuc: m.rocAuc,
      precision: m.precision,
      recall: m.recall,
      f1: m.f1,
      alertsPerDay: m.alertsPerDay,
      events: m.events,
      eventsDetected: m.eventsDetected,
    })),
    curveCharts,
    evaluation:
      measured &&
      ({
        model,
        measured,
        incidentsPerDay: (() => {
          try {
            return incidentsPerDay(ev!, { threshold, ...$state.snapshot(s.alertRules) }).perDay;
          } catch {
            return null;
          }
        })(),
        checks: checkCriteria(s.business.criteria, measured),
        money,
        formula: money ? moneyFormula(money, s.business.costs) : null,
      } satisfies ReportInput['evaluation']),
    deploy: wb.exported
      ? { bundleName: wb.exported.result.name, sha256: wb.exported.result.sha256 }
      : wb.trained
        ? {
            bundleName: `${s.name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'model'}.awb`,
            sha256: null,
          }
        : null,
    notes: Object.entries(s.notes).map(([key, n]) => ({ key, title: n.title, text: n.text })),
  };
  return { input, failures };
}
