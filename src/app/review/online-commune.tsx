// The frame of the police's online screens of issue 17 (the campaigns, the trends and targets, the
// VNeID funnel): each opens at a commune. They run outside the notebook (app.tsx: online, like managing),
// so the officer's areas come straight from the server ([A16]); `?xa=` picks the commune, a choice is
// offered when the account has several, and loading, a failure and "no commune" read the same on each.
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import type { Area } from '../../domain/areas.ts';
import { BackLink } from '../components/back-link.tsx';
import { paths } from '../shell/paths.ts';
import { useServices } from '../shell/services.ts';
import { LoadFailure } from './failure.tsx';
import { useReviewT } from './messages.ts';
import { fromApi, useRemote } from './use-review-data.ts';
import './review.css';

export interface OnlineCommune {
  commune: Area;
  /** The commune's villages in use, as the server lists them. */
  villages: Area[];
}

export function OnlineCommuneScreen(props: {
  /** The section's own class (`review-…`). */
  name: string;
  title: string;
  back: string;
  /** The screen's address for another commune. */
  path: (communeId: string) => string;
  children: (at: OnlineCommune) => ComponentChildren;
}) {
  const r = useReviewT();
  const { account } = useServices();
  const { query } = useLocation();
  const [areas, reload] = useRemote(async (token) => fromApi(await account.areas(token)), []);
  const all = areas.state === 'ok' ? areas.value : [];
  const communes = all.filter((a) => a.kind === 'commune');
  const commune = communes.find((c) => c.id === query.xa) ?? communes[0];
  return (
    <section class={`screen review ${props.name}`} data-commune-id={commune?.id}>
      <BackLink href={paths.review(commune?.id)} label={props.back} />
      <h1 class="screen-only">{props.title}</h1>
      {areas.state === 'loading' && <p class="muted">{r.loading}</p>}
      {areas.state === 'failed' && <LoadFailure failure={areas.failure} text={r.failed} onRetry={reload} />}
      {areas.state === 'ok' && !commune && <p class="empty">{r.noCommune}</p>}
      {commune && (
        <>
          <CommuneChoice communes={communes} commune={commune} path={props.path} />
          {props.children({
            commune,
            villages: all.filter((a) => a.kind === 'village' && a.parentId === commune.id),
          })}
        </>
      )}
    </section>
  );
}

/**
 * The commune the screen shows: a choice when the account has several (each goes to `path` of it), its
 * name otherwise. Screen only: a printed report names its commune in its own heading.
 */
export function CommuneChoice(props: {
  communes: Area[];
  commune: Area;
  path: (communeId: string) => string;
}) {
  const r = useReviewT();
  const { route } = useLocation();
  const { communes, commune } = props;
  return communes.length > 1 ? (
    <label class="field commune-choice screen-only">
      <span class="label">{r.commune}</span>
      <select value={commune.id} onChange={(e) => route(props.path(e.currentTarget.value))}>
        {communes.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  ) : (
    <p class="lead commune-name screen-only">{commune.name}</p>
  );
}
