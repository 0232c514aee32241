import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingBlock } from '../../components/LoadingBlock';
import { Num } from '../../components/Num';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n/use-lang';
import { bundeslandName } from '../../lib/bundeslaender';
import { formatDate } from '../../lib/format';
import { useCompanies, useSetCompanyActive, type Company } from './api/companies';
import { CompanyModal } from './CompanyModal';

/** `/companies` (super-admin): every company with its people counts and status. */
export function CompaniesPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const companies = useCompanies();
  const setActive = useSetCompanyActive();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Company | null>(null);
  const [toggling, setToggling] = useState<Company | null>(null);

  let content;
  if (companies.isPending)
    content = <LoadingBlock label={t('companies.loading')} rows={3} height={80} />;
  else if (companies.isError)
    content = (
      <ErrorAlert
        error={companies.error}
        onRetry={() => void companies.refetch()}
        retrying={companies.isFetching}
      />
    );
  else if (companies.data.length === 0) content = <Text c="dimmed">{t('companies.empty')}</Text>;
  else
    content = (
      <Stack gap="xs" component="ul" p={0} m={0}>
        {companies.data.map((company) => {
          const active = company.status === 'active';
          return (
            <Paper
              key={company.id}
              withBorder
              p="sm"
              component="li"
              style={{ listStyle: 'none' }}
              data-testid="company-row"
              data-name={company.name}
            >
              <Group justify="space-between" gap="sm">
                <Stack gap={2} style={{ flex: '1 1 16rem' }}>
                  <Group gap="xs">
                    <Text fw={600}>{company.name}</Text>
                    <Badge color={active ? 'green' : 'gray'} variant={active ? 'light' : 'outline'}>
                      {t(`companies.status.${company.status}`)}
                    </Badge>
                  </Group>
                  <Text size="sm" c="dimmed">
                    <Num>
                      {t('companies.counts', {
                        active: company.counts.active,
                        invited: company.counts.invited,
                        disabled: company.counts.disabled,
                      })}
                    </Num>
                  </Text>
                  <Text size="sm" c="dimmed">
                    <Num>
                      {[
                        bundeslandName(company.holidayRegion),
                        company.timeZone,
                        t('companies.since', { date: formatDate(company.createdAt, lang) }),
                      ].join(' · ')}
                    </Num>
                  </Text>
                </Stack>
                <Group gap="xs">
                  <Button
                    variant="default"
                    mih={44}
                    onClick={() => setEditing(company)}
                    aria-label={`${t('common.edit')}: ${company.name}`}
                  >
                    {t('common.edit')}
                  </Button>
                  <Button
                    variant={active ? 'outline' : 'default'}
                    color={active ? 'red' : undefined}
                    mih={44}
                    onClick={() => {
                      setActive.reset();
                      setToggling(company);
                    }}
                    aria-label={`${active ? t('companies.deactivate') : t('companies.reactivate')}: ${company.name}`}
                  >
                    {active ? t('companies.deactivate') : t('companies.reactivate')}
                  </Button>
                </Group>
              </Group>
            </Paper>
          );
        })}
      </Stack>
    );

  const deactivating = toggling?.status === 'active';

  return (
    <Stack gap="lg" maw={960}>
      <PageHeader
        title={t('companies.title')}
        description={t('companies.intro')}
        action={
          <Button mih={44} onClick={() => setCreating(true)} data-testid="company-create-open">
            {t('companies.create.open')}
          </Button>
        }
      />
      {content}
      {creating && <CompanyModal onClose={() => setCreating(false)} />}
      {editing && (
        <CompanyModal key={editing.id} company={editing} onClose={() => setEditing(null)} />
      )}
      <ConfirmDialog
        opened={toggling !== null}
        title={
          deactivating
            ? t('companies.confirmDeactivate.title', { name: toggling?.name ?? '' })
            : t('companies.confirmReactivate.title', { name: toggling?.name ?? '' })
        }
        message={
          deactivating
            ? t('companies.confirmDeactivate.message')
            : t('companies.confirmReactivate.message')
        }
        confirmLabel={deactivating ? t('companies.deactivate') : t('companies.reactivate')}
        color={deactivating ? 'red' : 'brand'}
        loading={setActive.isPending}
        error={setActive.isError ? setActive.error : null}
        onConfirm={() =>
          toggling &&
          setActive.mutate(
            { id: toggling.id, active: !deactivating },
            {
              onSuccess: (company) => {
                notifications.show({
                  color: 'green',
                  message: t(deactivating ? 'companies.deactivated' : 'companies.reactivated', {
                    name: company.name,
                  }),
                });
                setToggling(null);
              },
            },
          )
        }
        onClose={() => setToggling(null)}
      />
    </Stack>
  );
}
