import { Option, type Command } from 'commander';
import { RULES, type Rule } from '@mimikit/generators';

function levelsText(r: Rule): string {
  if (!r.levels) return r.level;
  return Object.entries(r.levels)
    .map(([dir, level]) => `${dir} ${level}`)
    .join(', ');
}

export function formatChecks(rules: readonly Rule[], format: 'text' | 'json' | 'markdown'): string {
  if (format === 'json') return `${JSON.stringify(rules, null, 2)}\n`;
  if (format === 'markdown') {
    const rows = rules.map((r) => `| \`${r.id}\` | ${r.domain} | ${r.category} | ${levelsText(r)} | ${r.description.replace(/\|/g, '\\|')} |`);
    return ['| rule | domain | category | level | description |', '|---|---|---|---|---|', ...rows, ''].join('\n');
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  return `${rules.map((r) => `${r.id.padEnd(width)}  ${r.category.padEnd(6)}  ${levelsText(r)}\n${' '.repeat(width + 2)}${r.description}`).join('\n')}\n`;
}

/** `mimi spec checks`: the rule catalogue of `mimi spec diff` (generators/diff/rules.json). */
export function registerSpecChecks(spec: Command): void {
  spec
    .command('checks')
    .description('list the rules of `mimi spec diff`: id, category, level (per direction), description')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .action((flags: { format: 'text' | 'json' | 'markdown' }) => {
      process.stdout.write(formatChecks(RULES, flags.format));
    });
}
