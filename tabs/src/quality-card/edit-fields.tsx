/*
 * The card's editing controls (Fluent Field, Textarea, Input: ~30 kB), loaded when the card may be
 * edited, after it has been shown, so they are not evaluated before the first view.
 */
import { Field, Input, Textarea } from '@fluentui/react-components';

export function SummaryField({ label, value, onChange }: { label: string; value: string; onChange(v: string): void }) {
  return (
    <Field label={label}>
      <Textarea value={value} onChange={(_, d) => onChange(d.value)} maxLength={2000} resize="vertical" />
    </Field>
  );
}

export function KpiInput({
  label,
  value,
  onChange,
  numeric,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  numeric?: boolean;
}) {
  return numeric ? (
    <Input size="small" aria-label={label} value={value} onChange={(_, d) => onChange(d.value)} inputMode="decimal" style={{ width: 90 }} />
  ) : (
    <Input size="small" aria-label={label} value={value} onChange={(_, d) => onChange(d.value)} maxLength={1000} />
  );
}
