import { parseAbi, type Address, type Hex, type PublicClient } from 'viem';

/** The marque's contracts the indexer reads, by their key in the deployment record. */
export type IndexedContract = 'twin' | 'passport' | 'profile' | 'eventPass';

/** The four keys, in the order the indexer reports on them. */
export const INDEXED_CONTRACTS = ['twin', 'passport', 'profile', 'eventPass'] as const satisfies readonly IndexedContract[];

/** Where a contract is and the block it was deployed in, where its events begin. */
export interface ContractLocation {
  address: Address;
  blockNumber: number | bigint;
}

/** The contracts to index; an absent one is skipped. */
export type IndexerContracts = Partial<Record<IndexedContract, ContractLocation>>;

/**
 * The events the indexer mirrors, as the contracts declare them (contracts/src/*.sol); enums
 * are uint8 in an ABI. A test checks each against the compiled artifacts. Approvals, roles,
 * ERC-4906 metadata updates, ERC-5192 locks and the add-on catalogue are not mirrored.
 */
export const INDEXED_EVENTS = parseAbi([
  // MarqueTwin and MarqueOwnerProfile (ERC-721)
  'event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)',
  // MarqueTwin
  'event TwinMinted(uint256 indexed tokenId, address indexed owner, string model, bytes32 configurationHash)',
  'event StageAdvanced(uint256 indexed tokenId, uint8 indexed stage, uint256 timestamp)',
  'event VersionUpdated(uint256 indexed tokenId, uint8 major, uint8 minor)',
  'event AddOnApplied(uint256 indexed tokenId, bytes32 indexed addOn, bytes32 currentConfigurationHash)',
  'event AddOnRemoved(uint256 indexed tokenId, bytes32 indexed addOn, bytes32 currentConfigurationHash)',
  // MarquePassport
  'event ServiceRecorded(uint256 indexed tokenId, uint256 indexed index, address indexed dealer, uint8 kind, uint32 mileage, bytes32 recordHash)',
  // MarqueOwnerProfile
  'event ProfileMinted(uint256 indexed profileId, address indexed owner)',
  'event FamilyMemberAdded(uint256 indexed primaryId, uint256 indexed profileId, address indexed member)',
  'event FamilyMemberRemoved(uint256 indexed primaryId, uint256 indexed profileId, address indexed member)',
  // MarqueEventPass (ERC-1155)
  'event TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value)',
  'event TransferBatch(address indexed operator, address indexed from, address indexed to, uint256[] ids, uint256[] values)',
  'event EventCreated(uint256 indexed eventId, uint32 minimumStaySeconds)',
  'event MinimumStayUpdated(uint256 indexed eventId, uint32 minimumStaySeconds)',
]);

/** Which events each contract emits, with the name of its compiled artifact. */
export const CONTRACT_EVENTS = {
  twin: {
    artifact: 'MarqueTwin',
    events: ['Transfer', 'TwinMinted', 'StageAdvanced', 'VersionUpdated', 'AddOnApplied', 'AddOnRemoved'],
  },
  passport: { artifact: 'MarquePassport', events: ['ServiceRecorded'] },
  profile: { artifact: 'MarqueOwnerProfile', events: ['Transfer', 'ProfileMinted', 'FamilyMemberAdded', 'FamilyMemberRemoved'] },
  eventPass: { artifact: 'MarqueEventPass', events: ['TransferSingle', 'TransferBatch', 'EventCreated', 'MinimumStayUpdated'] },
} as const satisfies Record<IndexedContract, { artifact: string; events: readonly string[] }>;

/**
 * The mirrored events of `addresses` in blocks `fromBlock`–`toBlock`, decoded, in chain order.
 * One `eth_getLogs` whose topic filter leaves the other events on the node.
 */
export function fetchIndexedLogs(client: PublicClient, addresses: Address[], fromBlock: bigint, toBlock: bigint) {
  return client.getLogs({ address: addresses, events: INDEXED_EVENTS, fromBlock, toBlock, strict: true });
}

/** A mirrored event as `eth_getLogs` returned it, decoded. */
export type IndexedLog = Awaited<ReturnType<typeof fetchIndexedLogs>>[number];

/** An event with what the indexer adds: which contract emitted it and its block's time. */
export interface BlockLog {
  contract: IndexedContract;
  log: IndexedLog;
  blockTime: Date;
}

/** Where an event happened on chain, as every in-process event carries it. */
export interface ChainPosition {
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
}
