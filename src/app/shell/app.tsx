// The app shell: providers (notebook, services, session, sync, language, profile), the header and the
// routes. Who is signed in decides the screens: sign-in; the police's review; the villages still
// loading; or the notebook (with the review too for an admin). Only the household list is in the first
// bundle, and it reads the notebook without Dexie (notebook.ts); Dexie loads right after it, and the
// other screens, which load when first opened, render once it is there.
import { LocationProvider, Route, Router, lazy } from 'preact-iso';
import type { ComponentType } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { NotebookDb } from '../../db/db.ts';
import type { Notebook } from '../../db/notebook.ts';
import { getLanguage, getProfile } from '../../db/settings.ts';
import type { Session } from '../../sync/session.ts';
import { AppHeader } from '../components/app-header.tsx';
import { ErrorBoundary } from '../components/error-boundary.tsx';
import { SignInBanner } from '../components/sign-in-banner.tsx';
import { UpdateBanner } from '../components/update-banner.tsx';
import { usePersistenceAfterFirstEdit } from '../device/use-persistence.ts';
import { DbContext, NotebookContext } from './db-context.ts';
import { LanguageContext, MessagesContext, useCatalogue, useT } from '../i18n/i18n.ts';
import { useTableQuery } from '../device/table-query.ts';
import { vi } from '../i18n/vi.ts';
import { patterns, paths } from './paths.ts';
import { ProfileContext } from './profile-context.ts';
import { HouseholdList } from '../screens/household-list.tsx';
import { ServicesContext, type AppServices } from './services.ts';
import { SessionContext, type SessionValue } from './session-context.ts';
import { SyncProvider } from './sync-context.tsx';
import { forgetVillageIndexes } from '../../db/list-index.ts';
import type { LockState } from '../../db/crypto/notebook-lock.ts';
import { lockAfterMs, useIdleLock } from '../lock/idle-lock.ts';
import type { LockGateProps } from '../lock/lock-gate.tsx';

const householdScreen = lazy(() => import('../screens/household.tsx'));
const HouseholdScreen = afterDexie(householdScreen);
const HouseholdForm = afterDexie(lazy(() => import('../screens/household-form.tsx')));
const PersonForm = afterDexie(lazy(() => import('../screens/person-form.tsx')));
const ScanCard = afterDexie(lazy(() => import('../screens/scan-card.tsx')));
const TaskForm = afterDexie(lazy(() => import('../screens/task-form.tsx')));
const VisitForm = afterDexie(lazy(() => import('../screens/visit-form.tsx')));
const StatusScreen = afterDexie(lazy(() => import('../screens/status.tsx')));
const SettingsScreen = afterDexie(lazy(() => import('../screens/settings.tsx')));
const IssuesScreen = afterDexie(lazy(() => import('../screens/issues.tsx')));
const WorkListScreen = afterDexie(lazy(() => import('../campaigns/work-list.tsx')));
// Shows before Dexie has loaded: a first start's screen; it waits for Dexie only to write.
const SignInScreen = lazy(() => import('../screens/sign-in.tsx'));
const SetupCodeScreen = lazy(() => import('../screens/setup-code.tsx'));
const ReviewOverview = afterDexie(lazy(() => import('../review/overview.tsx')));
const ReviewVillage = afterDexie(lazy(() => import('../review/village.tsx')));
const ReviewHousehold = afterDexie(lazy(() => import('../review/household.tsx')));
const ReviewIssues = afterDexie(lazy(() => import('../review/issues.tsx')));
const ReviewAccount = afterDexie(lazy(() => import('../review/account.tsx')));
// Issue 17: campaigns, trends and targets, the VNeID funnel: online screens, like managing.
const ReviewCampaigns = lazy(() => import('../review/campaigns.tsx'));
const ReviewCampaign = lazy(() => import('../review/campaign.tsx'));
const ReviewTrends = lazy(() => import('../review/trends.tsx'));
const ReviewFunnel = lazy(() => import('../review/funnel.tsx'));
// Issue 18: the province police's communes, ranked; online, like the screens above.
const ReviewProvince = lazy(() => import('../review/province.tsx'));
// Managing a commune: online screens over the server's API, for police and admins alike.
const ManageVolunteers = lazy(() => import('../manage/volunteers.tsx'));
const ManageVillages = lazy(() => import('../manage/villages.tsx'));
const ManageDevices = lazy(() => import('../manage/devices.tsx'));
const ManageAudit = lazy(() => import('../manage/audit.tsx'));
const ManageImport = lazy(() => import('../manage/import.tsx'));
const ManageSheet = lazy(() => import('../manage/sheet.tsx'));
const VillagesGate = afterDexie(lazy(() => import('../screens/villages-gate.tsx')));

/**
 * A screen behind the first one: it reads and writes through Dexie, so until Dexie's notebook has
 * loaded (a few ms after the first screen) it shows nothing, while its own code loads alongside. Made
 * once per screen: the router keeps its component while the address stays the same.
 */
function afterDexie<P extends object>(
  Screen: ComponentType<P> & { preload(): Promise<unknown> },
): ComponentType<P> {
  return function AfterDexie(props: P) {
    if (useContext(DbContext)) return <Screen {...props} />;
    // A failed load shows when the screen renders (the error boundary), not here.
    Screen.preload().catch(() => undefined);
    return null;
  };
}

export interface AppProps {
  notebook: Notebook;
  services: AppServices;
}

export function App({ notebook, services }: AppProps) {
  // Outer boundary: the shell's own first read (profile, language, session) may fail too.
  return (
    <ErrorBoundary messages={vi}>
      <Shell notebook={notebook} services={services} />
    </ErrorBoundary>
  );
}

/**
 * Dexie's notebook once loaded, or null until then. Asked for after the first render, once someone
 * is signed in: the sign-in screen of a first start does not fetch it (on a slow network its 31 KB
 * would delay that screen), and asks for it itself when it has something to write.
 */
function useLoadedDb(notebook: Notebook, wanted: boolean): NotebookDb | null {
  const [state, setState] = useState<{ db: NotebookDb } | { error: unknown } | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    notebook.open().then(
      (db) => current && setState({ db }),
      (error: unknown) => current && setState({ error }),
    );
    return () => {
      current = false;
    };
  }, [notebook, wanted]);
  // A notebook that cannot be opened (storage gone, its code missing offline) goes to the boundary.
  if (state && 'error' in state) throw state.error;
  return state?.db ?? null;
}

/**
 * The PIN's screens (set, unlock, recover: issue 16), loaded when first needed, with Dexie, which they
 * need to open the notebook. Outside the router: the address stays what it was, for after the unlock.
 */
function LockGate(props: LockGateProps) {
  const [loaded, setLoaded] = useState<{ Gate: ComponentType<LockGateProps> } | { error: unknown } | null>(
    null,
  );
  useEffect(() => {
    import('../lock/lock-gate.tsx').then(
      (m) => setLoaded({ Gate: m.default }),
      (error: unknown) => setLoaded({ error }),
    );
  }, []);
  if (loaded && 'error' in loaded) throw loaded.error;
  return loaded ? <loaded.Gate {...props} /> : null;
}

/** While locked: the app's name only (no village, no counts, no links into the notebook). */
function LockedHeader() {
  const t = useT();
  return (
    <header class="app-header">
      <span class="brand">
        <span class="brand-name">{t.app.name}</span>
      </span>
    </header>
  );
}

/**
 * The notebook's lock state, and whether the last lock was the idle timer's (the lock screen says so).
 * Every lock drops what the screens keep of the opened rows (the village indexes).
 */
function useLockState(notebook: Notebook, db: NotebookDb | null): { state: LockState; idle: boolean } {
  const [current, setCurrent] = useState({ state: notebook.lock.state, idle: false });
  useEffect(
    () =>
      notebook.lock.onChange((state) => {
        if (state === 'locked') {
          forgetVillageIndexes(notebook);
          if (db) forgetVillageIndexes(db);
        }
        setCurrent({ state, idle: state === 'locked' && notebook.lock.lockedBy === 'idle' });
      }),
    [notebook, db],
  );
  return current;
}

function Shell({ notebook, services }: AppProps) {
  const boot = useTableQuery(
    notebook,
    ['meta'],
    async () => {
      const [profile, language] = await Promise.all([getProfile(notebook), getLanguage(notebook)]);
      return { profile, language };
    },
    [],
  );
  // undefined while the session store is read; null when nobody is signed in.
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [sessionError, setSessionError] = useState<unknown>(undefined);
  useEffect(() => {
    let current = true;
    services.sessions.get().then(
      (s) => current && setSession(s ?? null),
      (error: unknown) => current && setSessionError(error),
    );
    return () => {
      current = false;
    };
  }, [services]);
  const sessionValue = useMemo<SessionValue>(
    () => ({ session: session ?? null, setSession: (s) => setSession(s) }),
    [session],
  );
  usePersistenceAfterFirstEdit(notebook);
  const language = boot?.language ?? 'vi';
  const messages = useCatalogue(boot?.language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const signedIn = session !== undefined && session !== null;
  const db = useLoadedDb(notebook, signedIn);
  const lock = useLockState(notebook, db);
  const locked = signedIn && lock.state === 'locked';
  // The commune's lock time where an admin set one ([M26]), else 5 minutes.
  useIdleLock(notebook.lock, signedIn && lock.state === 'open', lockAfterMs(boot?.profile?.lockMinutes));
  useEffect(() => {
    if (!signedIn) return;
    // The household screen is the next tap from the list: fetch its code once the first screen is up,
    // so that the tap does not wait for the network.
    const timer = setTimeout(() => void householdScreen.preload(), 1500);
    return () => clearTimeout(timer);
  }, [signedIn]);
  // A session store that cannot be read (storage gone) goes to the error boundary, like the notebook.
  if (sessionError !== undefined) throw sessionError;
  if (!boot || !messages || session === undefined) return null;

  // Keyed: the router keeps what it rendered until the address changes, and here the address does not.
  const content = !session ? (
    <SignedOutRoutes key="sign-in" />
  ) : locked ? (
    db && (
      <LockGate
        key="lock"
        db={db}
        session={session}
        setSession={sessionValue.setSession}
        services={services}
        idle={lock.idle}
      />
    )
  ) : session.user.role === 'police' ? (
    <PoliceRoutes key="police" />
  ) : !boot.profile ? (
    <Only key="villages" component={VillagesGate} />
  ) : (
    <Routes key="notebook" admin={session.user.role === 'admin'} />
  );

  return (
    <NotebookContext.Provider value={notebook}>
      <DbContext.Provider value={db}>
        <ServicesContext.Provider value={services}>
          <SessionContext.Provider value={sessionValue}>
            <LanguageContext.Provider value={language}>
              <MessagesContext.Provider value={messages}>
                <ProfileContext.Provider value={boot.profile ?? null}>
                  <LocationProvider>
                    {/* Nothing syncs while locked: the outbox is sealed (docs/SECURITY.md). */}
                    <SyncProvider notebook={notebook} services={services} session={locked ? null : session}>
                      {locked ? <LockedHeader /> : <AppHeader />}
                      {!locked && <SignInBanner />}
                      <UpdateBanner />
                      <main id="main">
                        <ErrorBoundary messages={messages}>{content}</ErrorBoundary>
                      </main>
                    </SyncProvider>
                  </LocationProvider>
                </ProfileContext.Provider>
              </MessagesContext.Provider>
            </LanguageContext.Provider>
          </SessionContext.Provider>
        </ServicesContext.Provider>
      </DbContext.Provider>
    </NotebookContext.Provider>
  );
}

/** One screen at every address, through the router so that a lazy screen loads like a route's. */
function Only({ component }: { component: ComponentType }) {
  return <Router>{[<Route key="only" default component={component} />]}</Router>;
}

/** Nobody signed in: the set-up by code at its own address, the sign-in at every other. */
function SignedOutRoutes() {
  return (
    <Router>
      <Route path={patterns.setup} component={SetupCodeScreen} />
      <Route default component={SignInScreen} />
    </Router>
  );
}

/**
 * The police: the review is their home; they keep no notebook. A province officer's home is the
 * province's communes ("/" sends them there: overview.tsx). Volunteers never get these routes; admins
 * get them next to the notebook's (see Routes).
 */
function PoliceRoutes() {
  return (
    <Router>
      <Route path={patterns.list} component={ReviewOverview} />
      <Route path={patterns.review} component={ReviewOverview} />
      <Route path={patterns.reviewVillage} component={ReviewVillage} />
      <Route path={patterns.reviewHousehold} component={ReviewHousehold} />
      <Route path={patterns.reviewIssues} component={ReviewIssues} />
      <Route path={patterns.reviewCampaigns} component={ReviewCampaigns} />
      <Route path={patterns.reviewCampaign} component={ReviewCampaign} />
      <Route path={patterns.reviewTrends} component={ReviewTrends} />
      <Route path={patterns.reviewFunnel} component={ReviewFunnel} />
      <Route path={patterns.reviewProvince} component={ReviewProvince} />
      <Route path={patterns.settings} component={ReviewAccount} />
      <Route path={patterns.signInAgain} component={SignInScreen} />
      <Route path={patterns.manage} component={ManageVolunteers} />
      <Route path={patterns.manageVillages} component={ManageVillages} />
      <Route path={patterns.manageDevices} component={ManageDevices} />
      <Route path={patterns.manageAudit} component={ManageAudit} />
      <Route path={patterns.manageImport} component={ManageImport} />
      <Route path={patterns.manageSheet} component={ManageSheet} />
      <Route default component={NotFound} />
    </Router>
  );
}

function Routes({ admin }: { admin: boolean }) {
  // Always the same routes (the router wants a fixed list); a volunteer gets "no such page".
  const only = (screen: ComponentType) => (admin ? screen : NotFound);
  return (
    <Router>
      <Route path={patterns.review} component={only(ReviewOverview)} />
      <Route path={patterns.reviewVillage} component={only(ReviewVillage)} />
      <Route path={patterns.reviewHousehold} component={only(ReviewHousehold)} />
      <Route path={patterns.reviewIssues} component={only(ReviewIssues)} />
      <Route path={patterns.reviewCampaigns} component={only(ReviewCampaigns)} />
      <Route path={patterns.reviewCampaign} component={only(ReviewCampaign)} />
      <Route path={patterns.reviewTrends} component={only(ReviewTrends)} />
      <Route path={patterns.reviewFunnel} component={only(ReviewFunnel)} />
      <Route path={patterns.reviewProvince} component={only(ReviewProvince)} />
      <Route path={patterns.manage} component={only(ManageVolunteers)} />
      <Route path={patterns.manageVillages} component={only(ManageVillages)} />
      <Route path={patterns.manageDevices} component={only(ManageDevices)} />
      <Route path={patterns.manageAudit} component={only(ManageAudit)} />
      <Route path={patterns.manageImport} component={only(ManageImport)} />
      <Route path={patterns.manageSheet} component={only(ManageSheet)} />
      <Route path={patterns.list} component={HouseholdList} />
      <Route path={patterns.settings} component={SettingsScreen} />
      <Route path={patterns.status} component={StatusScreen} />
      <Route path={patterns.signInAgain} component={SignInScreen} />
      <Route path={patterns.issues} component={IssuesScreen} />
      <Route path={patterns.workList} component={WorkListScreen} />
      <Route path={patterns.newHousehold} component={HouseholdForm} />
      <Route path={patterns.household} component={HouseholdScreen} />
      <Route path={patterns.householdIssues} component={IssuesScreen} />
      <Route path={patterns.editHousehold} component={HouseholdForm} />
      <Route path={patterns.scanCard} component={ScanCard} />
      <Route path={patterns.newPerson} component={PersonForm} />
      <Route path={patterns.editPerson} component={PersonForm} />
      <Route path={patterns.newTask} component={TaskForm} />
      <Route path={patterns.editTask} component={TaskForm} />
      <Route path={patterns.newVisit} component={VisitForm} />
      <Route path={patterns.editVisit} component={VisitForm} />
      <Route default component={NotFound} />
    </Router>
  );
}

function NotFound() {
  const t = useT();
  return (
    <section class="screen">
      <h1>{t.app.notFound}</h1>
      <a class="button primary" href={paths.list}>
        {t.app.goHome}
      </a>
    </section>
  );
}
