import "../shared/shell"; export {};
