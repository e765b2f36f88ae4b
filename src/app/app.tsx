// The app shell: providers (notebook, language, profile), the header and the routes. Only the
// household list and the set-up screen are in the first bundle; the rest load when first opened.
import { LocationProvider, Route, Router, lazy } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import type { NotebookDb } from '../db/db.ts';
import { getLanguage, getProfile } from '../db/settings.ts';
import { AppHeader } from './components/app-header.tsx';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { UpdateBanner } from './components/update-banner.tsx';
import { usePersistenceAfterFirstEdit } from './use-persistence.ts';
import { DbContext } from './db-context.ts';
import { LanguageContext, MessagesContext, useCatalogue, useT } from './i18n/i18n.ts';
import { useLiveQuery } from './live-query.ts';
import { vi } from './i18n/vi.ts';
import { patterns, paths } from './paths.ts';
import { ProfileContext } from './profile-context.ts';
import { HouseholdList } from './screens/household-list.tsx';
import { SetupScreen } from './screens/setup.tsx';

const HouseholdScreen = lazy(() => import('./screens/household.tsx'));
const HouseholdForm = lazy(() => import('./screens/household-form.tsx'));
const PersonForm = lazy(() => import('./screens/person-form.tsx'));
const TaskForm = lazy(() => import('./screens/task-form.tsx'));
const VisitForm = lazy(() => import('./screens/visit-form.tsx'));
const StatusScreen = lazy(() => import('./screens/status.tsx'));

export function App({ db }: { db: NotebookDb }) {
  // Outer boundary: the shell's own first read (profile, language) may fail too.
  return (
    <ErrorBoundary messages={vi}>
      <Shell db={db} />
    </ErrorBoundary>
  );
}

function Shell({ db }: { db: NotebookDb }) {
  const boot = useLiveQuery(
    async () => ({ profile: await getProfile(db), language: await getLanguage(db) }),
    [db],
  );
  usePersistenceAfterFirstEdit(db);
  const language = boot?.language ?? 'vi';
  const messages = useCatalogue(boot?.language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  useEffect(() => {
    // The household screen is the next tap from the list: fetch its code once the first screen is up,
    // so that the tap does not wait for the network.
    const timer = setTimeout(() => void HouseholdScreen.preload(), 1500);
    return () => clearTimeout(timer);
  }, []);
  if (!boot || !messages) return null;
  return (
    <DbContext.Provider value={db}>
      <LanguageContext.Provider value={language}>
        <MessagesContext.Provider value={messages}>
          <ProfileContext.Provider value={boot.profile ?? null}>
            <LocationProvider>
              <AppHeader />
              <UpdateBanner />
              <main id="main">
                <ErrorBoundary messages={messages}>
                  {boot.profile ? <Routes /> : <SetupScreen />}
                </ErrorBoundary>
              </main>
            </LocationProvider>
          </ProfileContext.Provider>
        </MessagesContext.Provider>
      </LanguageContext.Provider>
    </DbContext.Provider>
  );
}

function Routes() {
  return (
    <Router>
      <Route path={patterns.list} component={HouseholdList} />
      <Route path={patterns.setup} component={SetupScreen} />
      <Route path={patterns.status} component={StatusScreen} />
      <Route path={patterns.newHousehold} component={HouseholdForm} />
      <Route path={patterns.household} component={HouseholdScreen} />
      <Route path={patterns.editHousehold} component={HouseholdForm} />
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
