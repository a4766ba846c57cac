export * from './period';
export * from './kpi';
export * from './trend';
export * from './management-summary';
export * from './parse-kpi-value';
export * from './kpi-period';
export * from './kpi-import';
export * from './nps-answers';
