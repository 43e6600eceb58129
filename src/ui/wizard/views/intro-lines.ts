import { wrapText } from '../../layout.js';
import { line, seg, type Line } from '../../lines.js';

/** What will happen, and how the templates fit the bronze → silver → gold layers. */
export function introLines(width: number): Line[] {
  const para = (text: string, tone: 'plain' | 'muted' = 'plain') => wrapText(text, width).map((t) => line(seg(t, tone)));
  return [
    line(seg('Create a data pipeline', 'title')),
    [],
    ...para(
      'A few questions, each with a default (Enter accepts it). The databricks.yml being generated is shown as you answer. ' +
        'Nothing is written until the review, and nothing is deployed unless you say so.',
    ),
    [],
    line(seg('How the pieces fit', 'title')),
    line('  Kafka ──stream──▶ bronze ──batch SQL──▶ silver ──▶ gold'),
    ...para('• Streaming templates read Kafka topics into a bronze Delta table (raw, kept for replay), or into Lakebase Postgres for apps to read.', 'muted'),
    ...para('• Batch SQL runs scheduled SQL steps on a warehouse, stage by stage: silver cleans bronze, gold builds business tables.', 'muted'),
    ...para('• Each pipeline is its own bundle, from config/<env>.yml: dev is your own copy with your own schemas; staging and prod are shared and run on schedule.', 'muted'),
    [],
    line(seg('Press Enter to choose a template', 'accent')),
  ];
}
