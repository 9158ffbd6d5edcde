import type { BusinessSettings } from '../business/business';
import type { CriterionCheck } from '../business/criteria';
import type { Measured } from '../business/measure';
import type { MoneyOutcome } from '../business/money';

/** A chart already drawn as SVG (Plot's output), with where it comes from in the notebook. */
export interface ReportChart {
  phase: string;
  cell: string;
  title: string;
  /** The markup of the drawn chart: an <svg>, or Plot's <figure> around one when it has a legend. */
  svg: string;
  caption: string;
}

/** Everything the report shows, as plain data gathered from the workbench (no DOM, no engine calls). */
export interface ReportInput {
  title: string;
  generatedAt: string;
  business: BusinessSettings;
  dataset: {
    name: string;
    rows: number;
    columns: number;
    instances: number;
    timeRange: { start: number; end: number; stepMs: number } | null;
    labelledShare: number | null;
    metrics: { name: string; missingPct: number; min: number; mean: number; max: number; std: number }[];
    warnings: string[];
  } | null;
  quality: {
    reading: string;
    findings: { severity: string; title: string; detail?: string; remedy: string }[];
  } | null;
  /** Key Data Understanding charts (time series, distributions, correlations). */
  edaCharts: ReportChart[];
  prep: { steps: string[]; warnings: string[] } | null;
  leaderboard: {
    model: string;
    inUse: boolean;
    validationPrAuc: number | null;
    validationRocAuc: number | null;
    testPrAuc: number | null;
    testRocAuc: number | null;
    alertRate: number;
    seconds: number;
  }[];
  /** The leaderboard's models on the same test rows, when Compare models ran. */
  comparison: {
    model: string;
    prAuc: number | null;
    rocAuc: number | null;
    precision: number | null;
    recall: number | null;
    f1: number | null;
    alertsPerDay: number | null;
    events: number;
    eventsDetected: number;
  }[];
  /** ROC and PR curves of the model in use (or of every compared model). */
  curveCharts: ReportChart[];
  evaluation: {
    model: string;
    measured: Measured;
    /** Alert incidents per day with the alert rules (null when the period has no length or the rules are invalid). */
    incidentsPerDay: number | null;
    checks: CriterionCheck[];
    money: MoneyOutcome | null;
    formula: string | null;
  } | null;
  deploy: { bundleName: string; sha256: string | null } | null;
  notes: { key: string; title: string; text: string }[];
}

/** One part of the report and one slide of the presentation. */
export interface ReportSection {
  id: string;
  phase: string;
  /** The notebook cells it shows: the user's notes after them go with it (and are its speaker notes). */
  cells: string[];
  title: string;
  /** Safe HTML: every piece of user text in it is escaped or sanitized. */
  html: string;
  /** Whether presentation mode shows it by default. */
  keySlide: boolean;
}
