{{/* Labels every object of the pack carries. */}}
{{- define "metrics-server.labels" -}}
app.kubernetes.io/name: metrics-server
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
strata.io/pack: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* What the Deployment and the Service select the pods by. */}}
{{- define "metrics-server.selectorLabels" -}}
app.kubernetes.io/name: metrics-server
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
