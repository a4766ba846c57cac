/**
 * A group of HTTP routes (the tab API, legal pages) that src/server registers on its restify server.
 * The server is typed loosely so route modules outside src/server need neither restify nor src/server;
 * each one reads it through its own narrow view (the tab API's is `RouteServer`).
 */
export interface ApiRoutes {
  register(server: object): void;
}
