export * from './local-date';
export * from './event';
export * from './recurrence';
export * from './completion';
export * from './reminders';
export * from './default-event-set';
export * from './ics';
export * from './wheel-layout';
