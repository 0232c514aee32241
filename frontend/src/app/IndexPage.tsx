import { AbsenceDashboardCard } from '../features/absences/components/AbsenceDashboardCard';
import { HomePage } from '../features/home/HomePage';
import { DashboardPage } from '../features/time/dashboard/DashboardPage';
import { useSignedInUser } from '../lib/auth';

/**
 * `/`: the Stempeluhr dashboard for everyone who works in a company; the super-admin, who has
 * no company and so no clock, keeps the greeting with the screens of the platform.
 */
export function IndexPage() {
  const user = useSignedInUser();
  return user.tenant ? <DashboardPage aside={<AbsenceDashboardCard />} /> : <HomePage />;
}
