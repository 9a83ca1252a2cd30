{{/* Labels every object of the pack carries. */}}
{{- define "cost-analyzer.labels" -}}
app.kubernetes.io/name: cost-analyzer
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.costModel.image.tag | quote }}
strata.io/pack: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* What the Deployment selects its pods by; never changes. */}}
{{- define "cost-analyzer.selectorLabels" -}}
app.kubernetes.io/name: cost-analyzer
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The cluster's name in reports: the value, else the name of the cluster
Strata renders for (the .Cluster macro, absent when Helm renders the pack).
*/}}
{{- define "cost-analyzer.clusterName" -}}
{{- if .Values.clusterName }}
{{- .Values.clusterName }}
{{- else if .Cluster }}
{{- .Cluster.Name }}
{{- else }}
{{- "default-cluster" }}
{{- end }}
{{- end }}
