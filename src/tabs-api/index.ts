export { tabsApiFromConfig } from './from-config';
