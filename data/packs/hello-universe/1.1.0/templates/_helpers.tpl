{{/*
Labels every object of the pack carries. Strata adds its own
(app.kubernetes.io/managed-by, strata.io/profile, strata.io/layer) when it
renders the layer.
*/}}
{{- define "hello-universe.labels" -}}
app.kubernetes.io/part-of: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
strata.io/pack: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/*
The labels a workload selects its pods by. They never change between
versions of the pack: a Deployment's selector is immutable.
*/}}
{{- define "hello-universe.selectorLabels" -}}
app.kubernetes.io/part-of: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Scheduling settings shared by every pod. */}}
{{- define "hello-universe.scheduling" -}}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The Secret that holds the database password. */}}
{{- define "hello-universe.postgresSecret" -}}
{{- .Values.postgres.existingSecret | default "postgres" }}
{{- end }}
