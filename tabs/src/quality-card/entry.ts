// The page's boot entry (a file, not inline: the tabs' Content-Security-Policy allows no inline script).
import { firstRequestsStarted } from '../shared/boot';

// The tab's modules (already downloading: modulepreload) are evaluated once the SSO token is in
// and the first API request has left, so that request runs while React and Fluent UI evaluate.
void firstRequestsStarted().then(() => import('./main'));
