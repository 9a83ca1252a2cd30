{{/* Labels every object of the pack carries. */}}
{{- define "ingress-nginx.labels" -}}
app.kubernetes.io/name: ingress-nginx
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: controller
app.kubernetes.io/version: {{ .Values.controller.image.tag | quote }}
strata.io/pack: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* What the Deployment and the Service select the pods by. */}}
{{- define "ingress-nginx.selectorLabels" -}}
app.kubernetes.io/name: ingress-nginx
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: controller
{{- end }}
