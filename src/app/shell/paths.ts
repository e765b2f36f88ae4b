// The app's addresses in one place: real paths, so a link can be shared and the service worker
// serves the shell for each of them.

/** Route patterns for the router, in matching order: "moi" (new) before an id. */
export const patterns = {
  list: '/',
  settings: '/cai-dat',
  status: '/trang-thai',
  signInAgain: '/dang-nhap',
  // SYNC-API.md [M20]: the address a set-up QR code holds (domain/setup-code.ts SETUP_PATH).
  setup: '/thiet-lap',
  issues: '/xung-dot',
  // Issue 17: the volunteer's work for the campaigns of their village.
  workList: '/viec-can-lam',
  newHousehold: '/ho/moi',
  household: '/ho/:id',
  householdIssues: '/ho/:id/xung-dot',
  editHousehold: '/ho/:id/sua',
  scanCard: '/ho/:id/quet',
  newPerson: '/ho/:id/nhan-khau/moi',
  editPerson: '/ho/:id/nhan-khau/:personId',
  newTask: '/ho/:id/viec/moi',
  editTask: '/ho/:id/viec/:taskId',
  newVisit: '/ho/:id/lan-den/moi',
  editVisit: '/ho/:id/lan-den/:visitId',
  review: '/tong-hop',
  reviewVillage: '/tong-hop/thon/:villageId',
  reviewHousehold: '/tong-hop/ho/:id',
  reviewIssues: '/tong-hop/xung-dot',
  // Issue 17: the commune's campaigns (rà soát), one campaign, the trends and targets, the VNeID funnel.
  reviewCampaigns: '/tong-hop/dot-ra-soat',
  reviewCampaign: '/tong-hop/dot-ra-soat/:id',
  reviewTrends: '/tong-hop/xu-huong',
  reviewFunnel: '/tong-hop/vneid',
  // Issue 18: the province police's communes, ranked (`?tinh=` picks the province).
  reviewProvince: '/tong-hop/tinh',
  // Managing a commune (SYNC-API.md "Managing a commune").
  manage: '/quan-ly',
  manageVillages: '/quan-ly/thon',
  manageDevices: '/quan-ly/dien-thoai',
  manageAudit: '/quan-ly/nhat-ky',
  manageImport: '/quan-ly/nhap',
  manageSheet: '/quan-ly/phieu/:villageId',
} as const;

/** `pattern` with its `:params` filled in order, each encoded (a village id may hold any letter). */
function fill(pattern: string, ...values: string[]): string {
  let i = 0;
  return pattern.replace(/:[A-Za-z]+/g, () => encodeURIComponent(values[i++] ?? ''));
}

/** `path` with `?xa=<commune>` when a commune is given (accounts with several communes). */
function withCommune(path: string, communeId?: string): string {
  return communeId ? `${path}?xa=${encodeURIComponent(communeId)}` : path;
}

/** Links to the app's addresses, built from the patterns the router matches. */
export const paths = {
  list: patterns.list,
  settings: patterns.settings,
  status: patterns.status,
  signInAgain: patterns.signInAgain,
  /** `scan`: open with the camera on. */
  setup: (scan = false) => (scan ? `${patterns.setup}?quet=1` : patterns.setup),
  issues: patterns.issues,
  workList: patterns.workList,
  newHousehold: patterns.newHousehold,
  household: (id: string) => fill(patterns.household, id),
  householdIssues: (id: string) => fill(patterns.householdIssues, id),
  editHousehold: (id: string) => fill(patterns.editHousehold, id),
  scanCard: (householdId: string) => fill(patterns.scanCard, householdId),
  newPerson: (householdId: string) => fill(patterns.newPerson, householdId),
  editPerson: (householdId: string, personId: string) => fill(patterns.editPerson, householdId, personId),
  newTask: (householdId: string) => fill(patterns.newTask, householdId),
  editTask: (householdId: string, taskId: string) => fill(patterns.editTask, householdId, taskId),
  newVisit: (householdId: string) => fill(patterns.newVisit, householdId),
  editVisit: (householdId: string, visitId: string) => fill(patterns.editVisit, householdId, visitId),
  // The commune police review; `xa` picks the commune when the account has several.
  review: (communeId?: string) =>
    communeId ? `${patterns.review}?xa=${encodeURIComponent(communeId)}` : patterns.review,
  reviewVillage: (villageId: string) => fill(patterns.reviewVillage, villageId),
  reviewHousehold: (id: string) => fill(patterns.reviewHousehold, id),
  manage: patterns.manage,
  manageVillages: patterns.manageVillages,
  manageDevices: patterns.manageDevices,
  manageAudit: patterns.manageAudit,
  manageImport: patterns.manageImport,
  manageSheet: (villageId: string) => fill(patterns.manageSheet, villageId),
  reviewCampaigns: (communeId?: string) => withCommune(patterns.reviewCampaigns, communeId),
  reviewCampaign: (id: string) => fill(patterns.reviewCampaign, id),
  reviewTrends: (communeId?: string) => withCommune(patterns.reviewTrends, communeId),
  reviewFunnel: (communeId?: string) => withCommune(patterns.reviewFunnel, communeId),
  /** The province's communes; `tinh` picks the province when the account has several. */
  reviewProvince: (provinceId?: string) =>
    provinceId
      ? `${patterns.reviewProvince}?tinh=${encodeURIComponent(provinceId)}`
      : patterns.reviewProvince,
  reviewIssues: (communeId: string) => `${patterns.reviewIssues}?xa=${encodeURIComponent(communeId)}`,
};
