import { BundleError, DataError } from '../engine/index';
import { UsageError } from './args';
import { evaluate, generate, profile, score, train } from './commands';
import { features } from './features-command';
import { online } from './online-command';
import { tune } from './tune-command';

const USAGE = `usage: npm run -s cli -- <command> [options]
  generate --out FILE [--days N] [--instances N] [--seed S]
  profile FILE [--json] [--time-col C] [--entity-col C] [--label-col C] [--windows FILE.json]
  features FILE --out FEATURES.csv [--config JSON|FILE.json] [--metrics a,b]
        [--time-col C] [--entity-col C] [--label-col C] [--windows FILE.json]
  train FILE --out BUNDLE [--model iforest] [--params JSON] [--seed S] [--metrics a,b]
        [--config JSON|FILE.json] [--time-col C] [--entity-col C] [--label-col C] [--windows FILE.json]
  tune FILE --model NAME [--search grid|random|tpe] [--trials N] [--seconds S] [--seed S] [--json]
        [--objective pr-auc|em|mv] [--space JSON] [--config JSON|FILE.json] [--label-col C | --windows FILE.json]
  score BUNDLE FILE [--out FILE]
  online FILE --model NAME --out SCORES.csv [--params JSON] [--seed S] [--probation 0.15] [--threshold L]
        [--windows FILE.json] [--metrics a,b] [--time-col C] [--entity-col C] [--label-col C]
  evaluate SCORES.csv --truth FILE [--label-col C | --windows FILE.json] [--probation 0.15] [--json]
  evaluate SCORES.csv... | DIR --truth DIR [--windows FILE.json] [--probation 0.15] [--json]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (s: string): void => void process.stdout.write(s + '\n');
  const err = (s: string): void => void process.stderr.write(s + '\n');
  try {
    switch (command) {
      case 'generate':
        await generate(rest, out);
        break;
      case 'features':
        await features(rest, out, err);
        break;
      case 'profile':
        await profile(rest, out);
        break;
      case 'train':
        await train(rest, out);
        break;
      case 'tune':
        await tune(rest, out, err);
        break;
      case 'score':
        await score(rest, out, err);
        break;
      case 'online':
        await online(rest, out, err);
        break;
      case 'evaluate':
        await evaluate(rest, out);
        break;
      case 'help':
      case '--help':
        out(USAGE);
        return 0;
      case undefined:
        err(USAGE);
        return 2;
      default:
        throw new UsageError(`unknown command '${command}'\n${USAGE}`);
    }
    return 0;
  } catch (e) {
    const known = e instanceof UsageError || e instanceof DataError || e instanceof BundleError;
    err(`error: ${(e as Error).message}`);
    if (!known && process.env.AWB_DEBUG) err(String((e as Error).stack));
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
