// The printable A4 sheet of set-up codes for one village: a new code for each of its active volunteers
// (which cancels their older unused codes, so it is made only when asked), then the browser's print.
import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import type { ManageScope, SetupCode } from '../../domain/manage.ts';
import { BackLink } from '../components/back-link.tsx';
import { paths } from '../shell/paths.ts';
import { useManageT } from './messages.ts';
import { ManageForbidden } from './nav.tsx';
import { SetupCodeView } from './setup-code-card.tsx';
import { failureText, fromApi, useManageApi, useManageScope, useRemote } from './use-manage.ts';
import './manage.css';

export default function SetupSheet() {
  const m = useManageT();
  const [scope] = useManageScope();
  if (scope.state === 'ok') return <Sheet scope={scope.value} />;
  // Reached by its address without a commune to manage: said, not a blank page.
  if (scope.state === 'failed' && scope.failure.kind === 'forbidden')
    return (
      <section class="screen manage setup-sheet">
        <h1>{m.title}</h1>
        <ManageForbidden />
      </section>
    );
  return null;
}

function Sheet({ scope }: { scope: ManageScope }) {
  const m = useManageT();
  const villageId = useRoute().params.villageId ?? '';
  const village = scope.villages.find((v) => v.id === villageId);
  const { manage, call } = useManageApi();
  const [list] = useRemote(async (token) => fromApi(await manage.volunteers(token)), []);
  const [codes, setCodes] = useState<SetupCode[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const volunteers =
    list.state === 'ok' ? list.value.filter((v) => v.active && v.areaIds.includes(villageId)) : [];

  const make = async () => {
    setBusy(true);
    setProblem(null);
    const made: SetupCode[] = [];
    for (const v of volunteers) {
      const r = await call((api, token) => api.setupCode(token, v.id));
      if (!r.ok) {
        setProblem(m.saveFailed(failureText(m, r.failure)));
        break;
      }
      made.push(r.value);
    }
    setBusy(false);
    setCodes(made);
    if (made.length === volunteers.length && made.length > 0) setTimeout(() => print(), 100);
  };

  if (!village) return null;
  return (
    <section class="screen manage setup-sheet">
      <div class="no-print">
        <BackLink href={paths.manage} label={m.sheet.back} />
      </div>
      <h1>{m.sheet.title(village.name)}</h1>
      <p>{m.sheet.intro}</p>
      {problem && (
        <p class="form-error no-print" role="alert">
          {problem}
        </p>
      )}
      {list.state === 'ok' && volunteers.length === 0 && <p>{m.sheet.none}</p>}
      {volunteers.length > 0 && (
        <div class="form-actions no-print">
          <button type="button" class="button primary" disabled={busy} onClick={() => void make()}>
            {busy ? m.sheet.making : m.sheet.make}
          </button>
        </div>
      )}
      {codes && (
        <ul class="setup-sheet-grid">
          {codes.map((c) => (
            <li key={c.code}>
              <SetupCodeView code={c} village={village.name} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
