// Importing a village's household list (SYNC-API.md [M40]–[M49]): choose the village and the file,
// see which column is which (guessed, editable), check every row (the file's rules here, then the
// server's: duplicates, what would be new or updated) with nothing written, then import in batches
// through the same merge path as the phones' pushes. The spreadsheet readers load with this screen.
import { useState } from 'preact/hooks';
import { checkImport, type ImportResult } from '../../domain/import/check.ts';
import {
  FIELD_LABELS,
  IMPORT_FIELDS,
  findHeaderRow,
  guessMapping,
  missingColumnMessage,
  missingColumns,
  type ColumnMapping,
  type ImportField,
} from '../../domain/import/columns.ts';
import type { ImportCounts } from '../../domain/import/wire.ts';
import type { ManageScope } from '../../domain/manage.ts';
import { saveBlob } from '../review/download.ts';
import { todayInVietnam } from '../device/today.ts';
import { useManageT } from './messages.ts';
import { ManageFrame } from './nav.tsx';
import { addCounts, inBatches, summarise, type CheckSummary } from './import-run.ts';
import { failureText, useManageApi } from './use-manage.ts';

export default function ManageImport() {
  return <ManageFrame tab="import">{(scope) => <Import scope={scope} />}</ManageFrame>;
}

type Step =
  | { kind: 'choose'; note?: string }
  | { kind: 'reading' }
  | { kind: 'mapping'; rows: unknown[][]; headerRow: number; mapping: ColumnMapping }
  | { kind: 'checking'; done: number; total: number }
  | { kind: 'checked'; result: ImportResult; summary: CheckSummary }
  | { kind: 'applying'; done: number; total: number }
  | { kind: 'done'; counts: ImportCounts };

function Import({ scope }: { scope: ManageScope }) {
  const m = useManageT();
  const { call } = useManageApi();
  const open = scope.villages.filter((v) => !v.archived);
  const [villageId, setVillageId] = useState(open[0]?.id ?? '');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [failure, setFailure] = useState<string | null>(null);
  const village = open.find((v) => v.id === villageId);

  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setFailure(null);
    setStep({ kind: 'reading' });
    const { readRows } = await import('./import-file.ts');
    const read = await readRows(file);
    if (!read.ok) return setStep({ kind: 'choose', note: m.import.readFailed[read.why] });
    const headerRow = findHeaderRow(read.rows);
    if (headerRow === null) return setStep({ kind: 'choose', note: m.import.noHeader });
    setStep({
      kind: 'mapping',
      rows: read.rows,
      headerRow,
      mapping: guessMapping(read.rows[headerRow] ?? []),
    });
  };

  const check = async (rows: unknown[][], headerRow: number, mapping: ColumnMapping) => {
    setFailure(null);
    const result = checkImport(rows, mapping, { villageId, today: todayInVietnam(), headerRow });
    setStep({ kind: 'checking', done: 0, total: result.households.length });
    const sent =
      result.households.length === 0
        ? ({ ok: true, answers: [] } as const)
        : await inBatches(
            result.households,
            (households) => call((api, token) => api.importCheck(token, { villageId, households })),
            (done) => setStep({ kind: 'checking', done, total: result.households.length }),
          );
    if (!sent.ok) {
      setFailure(m.failed(failureText(m, sent.failure)));
      return setStep({ kind: 'mapping', rows, headerRow, mapping });
    }
    setStep({
      kind: 'checked',
      result,
      summary: summarise(sent.answers, result.problems, mapping, rows[headerRow] ?? []),
    });
  };

  const apply = async (result: ImportResult) => {
    setFailure(null);
    const importId = crypto.randomUUID();
    const total = result.households.length;
    setStep({ kind: 'applying', done: 0, total });
    const sent = await inBatches(
      result.households,
      (households) => call((api, token) => api.importApply(token, { villageId, importId, households })),
      (done) => setStep({ kind: 'applying', done, total }),
    );
    // A batch that failed leaves the earlier ones written: importing the file again finishes the rest
    // and changes nothing in what is already there ([M44]).
    if (!sent.ok) {
      setFailure(m.saveFailed(failureText(m, sent.failure)));
      return setStep({ kind: 'choose' });
    }
    setStep({ kind: 'done', counts: addCounts(sent.answers) });
  };

  const template = async (kind: 'xlsx' | 'csv') => {
    const { templateBlob } = await import('./import-file.ts');
    saveBlob(await templateBlob(kind), `so06-mau-danh-sach-ho.${kind}`);
  };

  return (
    <>
      <h2>{m.import.heading}</h2>
      <p>{m.import.intro}</p>
      {failure && (
        <p class="form-error" role="alert">
          {failure}
        </p>
      )}
      {(step.kind === 'choose' || step.kind === 'reading') && (
        <div class="form manage-form">
          <label class="field">
            <span>{m.import.village}</span>
            <select value={villageId} onChange={(e) => setVillageId(e.currentTarget.value)}>
              {open.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{m.import.file}</span>
            <input
              type="file"
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={step.kind === 'reading' || !village}
              onChange={(e) => void choose(e.currentTarget)}
            />
          </label>
          {step.kind === 'reading' && <p role="status">{m.import.reading}</p>}
          {step.kind === 'choose' && step.note && (
            <p class="form-error" role="alert">
              {step.note}
            </p>
          )}
          <p>
            {m.import.template}:{' '}
            <button type="button" class="link-button" onClick={() => void template('xlsx')}>
              {m.import.templateXlsx}
            </button>{' '}
            ·{' '}
            <button type="button" class="link-button" onClick={() => void template('csv')}>
              {m.import.templateCsv}
            </button>
          </p>
        </div>
      )}
      {step.kind === 'mapping' && (
        <Mapping
          step={step}
          onChange={(mapping) => setStep({ ...step, mapping })}
          onCheck={() => void check(step.rows, step.headerRow, step.mapping)}
          onBack={() => setStep({ kind: 'choose' })}
        />
      )}
      {step.kind === 'checking' && (
        <Progress text={m.import.checking(step.done, step.total)} done={step.done} total={step.total} />
      )}
      {step.kind === 'checked' && (
        <Checked
          summary={step.summary}
          villageName={village?.name ?? ''}
          onApply={() => void apply(step.result)}
          onBack={() => setStep({ kind: 'choose' })}
        />
      )}
      {step.kind === 'applying' && (
        <Progress text={m.import.applying(step.done, step.total)} done={step.done} total={step.total} />
      )}
      {step.kind === 'done' && (
        <div class="manage-form" role="status">
          <h3>{m.import.done}</h3>
          <p>{m.import.doneCounts(step.counts.households.created, step.counts.persons.created)}</p>
          <p>{m.import.updatedCounts(step.counts.households.updated, step.counts.persons.updated)}</p>
          <p class="muted">{m.import.phones}</p>
          <button type="button" class="button" onClick={() => setStep({ kind: 'choose' })}>
            {m.import.again}
          </button>
        </div>
      )}
    </>
  );
}

function Progress({ text, done, total }: { text: string; done: number; total: number }) {
  return (
    <div class="manage-form">
      <p role="status">{text}</p>
      <progress max={Math.max(1, total)} value={done} />
    </div>
  );
}

function Mapping(props: {
  step: Extract<Step, { kind: 'mapping' }>;
  onChange: (mapping: ColumnMapping) => void;
  onCheck: () => void;
  onBack: () => void;
}) {
  const m = useManageT();
  const { rows, headerRow, mapping } = props.step;
  const headers = rows[headerRow] ?? [];
  const missing = missingColumns(mapping);
  const columnName = (i: number) => {
    const text = String(headers[i] ?? '').trim();
    return text === '' ? `${m.import.column} ${i + 1}` : text;
  };
  return (
    <div class="form manage-form">
      <h3>{m.import.mapping}</h3>
      <p class="muted">
        {m.import.headerRow(headerRow + 1)} {m.import.mappingHint}
      </p>
      <div class="import-mapping">
        {IMPORT_FIELDS.map((field: ImportField) => (
          <label key={field} class="field">
            <span>{FIELD_LABELS[field]}</span>
            <select
              name={`map-${field}`}
              value={mapping[field] === null ? '' : String(mapping[field])}
              onChange={(e) => {
                const value = e.currentTarget.value;
                props.onChange({ ...mapping, [field]: value === '' ? null : Number(value) });
              }}
            >
              <option value="">{m.import.none}</option>
              {headers.map((_, i) => (
                <option key={i} value={String(i)}>
                  {columnName(i)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {missing.length > 0 && (
        <ul class="form-error" role="alert">
          {missing.map((any) => (
            <li key={any.join()}>{missingColumnMessage(any)}</li>
          ))}
        </ul>
      )}
      <div class="form-actions">
        <button type="button" class="button" onClick={props.onBack}>
          {m.cancel}
        </button>
        <button type="button" class="button primary" disabled={missing.length > 0} onClick={props.onCheck}>
          {m.import.check}
        </button>
      </div>
    </div>
  );
}

function Checked(props: {
  summary: CheckSummary;
  villageName: string;
  onApply: () => void;
  onBack: () => void;
}) {
  const m = useManageT();
  const { summary } = props;
  const rowsWithProblems = new Set(summary.problems.map((p) => p.row)).size;
  return (
    <div class="manage-form">
      <h3>
        {m.import.summary} · {props.villageName}
      </h3>
      <table class="manage-table import-summary">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{m.import.create}</th>
            <th scope="col">{m.import.update}</th>
            <th scope="col">{m.import.unchanged}</th>
          </tr>
        </thead>
        <tbody>
          {(['households', 'persons'] as const).map((k) => (
            <tr key={k}>
              <th scope="row">{m.import[k]}</th>
              <td>{summary[k].create}</td>
              <td>{summary[k].update}</td>
              <td>{summary[k].unchanged}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {summary.problems.length === 0 ? (
        <p>{m.import.noProblems}</p>
      ) : (
        <>
          <p class="form-error" role="alert">
            {m.import.problems(rowsWithProblems)}
          </p>
          <div class="table-scroll import-problems">
            <table class="manage-table">
              <thead>
                <tr>
                  <th scope="col">{m.import.row}</th>
                  <th scope="col">{m.import.column}</th>
                  <th scope="col">{m.import.problem}</th>
                </tr>
              </thead>
              <tbody>
                {summary.problems.map((p, i) => (
                  <tr key={i} data-problem-row={p.row}>
                    <td>{p.row}</td>
                    <td>{p.column ?? '—'}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted">{m.import.fixHint}</p>
        </>
      )}
      <div class="form-actions">
        <button type="button" class="button" onClick={props.onBack}>
          {m.cancel}
        </button>
        <button type="button" class="button primary" disabled={summary.toWrite === 0} onClick={props.onApply}>
          {summary.toWrite === 0 ? m.import.nothing : m.import.apply(summary.toWrite)}
        </button>
      </div>
    </div>
  );
}
