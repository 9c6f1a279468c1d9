export const route = { path: '/containers', title: 'Containers', nav: { id: 'containers', label: 'Containers', icon: '▣', order: 10 } };
export default function ContainersPage() {
  return <div class="page" data-testid="page-containers"><div class="page-head"><h1>Containers</h1></div></div>;
}
