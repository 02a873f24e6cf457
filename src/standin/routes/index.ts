import { appRoutes } from './app.js';
import { commentRoutes } from './comments.js';
import { issueRoutes } from './issues.js';
import { labelRoutes } from './labels.js';
import { publicRoutes } from './public.js';
import { repoRoutes } from './repos.js';
import { searchRoutes } from './search.js';
import type { RouteTable } from './context.js';

/** Every route the stand-in answers, as `METHOD /template` → auth and handler. */
export const ROUTES: RouteTable = [
  ...appRoutes,
  ...repoRoutes,
  ...commentRoutes,
  ...labelRoutes,
  ...issueRoutes,
  ...searchRoutes,
  ...publicRoutes,
];
