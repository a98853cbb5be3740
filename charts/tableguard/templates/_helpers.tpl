{{/* The chart's name, or nameOverride. */}}
{{- define "tableguard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-<chart> (or fullnameOverride), the name of every resource of the release. */}}
{{- define "tableguard.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "tableguard.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels that select the operator's Pods; never changed after an install. */}}
{{- define "tableguard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tableguard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of every resource. */}}
{{- define "tableguard.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "tableguard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The metadata of a namespaced resource of the release: name (with an optional suffix), namespace, labels. */}}
{{- define "tableguard.metadata" -}}
name: {{ include "tableguard.fullname" .root }}{{ .suffix | default "" }}
namespace: {{ .root.Release.Namespace }}
labels:
  {{- include "tableguard.labels" .root | nindent 2 }}
  {{- with .labels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}

{{- define "tableguard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tableguard.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The role policy file the operator reads (TABLEGUARD_ROLE_POLICY_FILE). */}}
{{- define "tableguard.accessPolicy" -}}
{{- toYaml (dict "rules" (concat .Values.accessPolicy.rules .Values.rolePolicy.rules)) -}}
{{- end -}}

{{/* The operator's ServiceAccount, the subject of its RBAC bindings. */}}
{{- define "tableguard.subjects" -}}
- kind: ServiceAccount
  name: {{ include "tableguard.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- end -}}

{{/* What the operator writes where it acts: every namespace (ClusterRole) or each watched one (a Role). */}}
{{- define "tableguard.namespacedWrites" -}}
# the status is the operator's memory, written by server-side apply patches
- apiGroups: [tableguard.io]
  resources: [protectedtables/status, tablerestores/status, tablebackups/status, tablebackupschedules/status]
  verbs: [patch]
# events.k8s.io/v1 Events about the resources, in their namespaces
- apiGroups: [events.k8s.io]
  resources: [events]
  verbs: [create]
{{- end -}}
