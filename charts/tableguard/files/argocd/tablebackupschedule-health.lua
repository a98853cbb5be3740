-- Argo CD health of a tableguard.io TableBackupSchedule, from its Ready condition.
-- The single source of argocd-cm's resource.customizations.health.tableguard.io_TableBackupSchedule
-- (argocd-cm-snippet.yaml embeds this file verbatim).
--   Progressing  no status yet; a status of an older spec (observedGeneration < generation).
--   Healthy      Ready=True: backups are made on schedule (reason Scheduled), or the schedule is suspended
--                (reason Suspended: a person chose it, and retention still runs).
--   Suspended    never: spec.suspend is a choice made in Git, which Argo CD's Suspended (a paused rollout waiting
--                for a person) would misreport.
--   Degraded     Ready=False: the newest backup failed (BackupFailed), or the spec cannot be read
--                (InvalidSpec, e.g. an unknown time zone). A person has to act.
local status = obj.status
if status == nil then
  return { status = "Progressing", message = "Waiting for the operator's first look at the schedule" }
end
local generation = obj.metadata.generation or 0
if (status.observedGeneration or 0) < generation then
  return { status = "Progressing", message = "Waiting for the operator to observe generation " .. generation }
end
local ready = nil
for _, condition in ipairs(status.conditions or {}) do
  if condition.type == "Ready" then
    ready = condition
  end
end
if ready == nil then
  return { status = "Progressing", message = "Waiting for the operator's first look at the schedule" }
end
if ready.status == "True" then
  return { status = "Healthy", message = status.message }
end
return { status = "Degraded", message = status.message }
