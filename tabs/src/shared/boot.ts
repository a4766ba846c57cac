/*
 * A tab's first, small script: it starts the Teams handshake, the SSO token and the tab's declared
 * first API requests (meta api-prefetch) while the tab's own code (React, Fluent UI) still downloads.
 * The tab HTML then imports its main module, whose mountTab reuses this connection.
 */
import { connectToTeams } from './teams';
import './api';

void connectToTeams();
