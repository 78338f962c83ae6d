export { directoryDataSchema, loadDirectoryData, parseDirectoryData, type DirectoryData } from './directory-data.js';
export {
  createSimulatedAccounts, createSimulatedSites, type SimulatedSites, type SimulatedSitesOptions,
} from './simulated-directory.js';
export { isValidSiteName, SITE_NAME_MAX_LENGTH, toSiteName } from './site-name.js';
