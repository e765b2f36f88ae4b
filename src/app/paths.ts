// The app's addresses in one place: real paths, so a link can be shared and the service worker
// serves the shell for each of them.

export const paths = {
  list: '/',
  settings: '/cai-dat',
  status: '/trang-thai',
  signInAgain: '/dang-nhap',
  issues: '/xung-dot',
  newHousehold: '/ho/moi',
  household: (id: string) => `/ho/${id}`,
  householdIssues: (id: string) => `/ho/${id}/xung-dot`,
  editHousehold: (id: string) => `/ho/${id}/sua`,
  scanCard: (householdId: string) => `/ho/${householdId}/quet`,
  newPerson: (householdId: string) => `/ho/${householdId}/nhan-khau/moi`,
  editPerson: (householdId: string, personId: string) => `/ho/${householdId}/nhan-khau/${personId}`,
  newTask: (householdId: string) => `/ho/${householdId}/viec/moi`,
  editTask: (householdId: string, taskId: string) => `/ho/${householdId}/viec/${taskId}`,
  newVisit: (householdId: string) => `/ho/${householdId}/lan-den/moi`,
  editVisit: (householdId: string, visitId: string) => `/ho/${householdId}/lan-den/${visitId}`,
  // The commune police review; `xa` picks the commune when the account has several.
  review: (communeId?: string) => (communeId ? `/tong-hop?xa=${encodeURIComponent(communeId)}` : '/tong-hop'),
  reviewVillage: (villageId: string) => `/tong-hop/thon/${encodeURIComponent(villageId)}`,
  reviewHousehold: (id: string) => `/tong-hop/ho/${id}`,
  reviewIssues: (communeId: string) => `/tong-hop/xung-dot?xa=${encodeURIComponent(communeId)}`,
};

/** Route patterns for the router, in matching order: "moi" (new) before an id. */
export const patterns = {
  list: '/',
  settings: '/cai-dat',
  status: '/trang-thai',
  signInAgain: '/dang-nhap',
  issues: '/xung-dot',
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
} as const;
