{{/* Labels every object of the pack carries. */}}
{{- define "cert-manager.labels" -}}
app.kubernetes.io/name: cert-manager
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.controller.image.tag | quote }}
strata.io/pack: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* What the Deployment selects its pods by. */}}
{{- define "cert-manager.selectorLabels" -}}
app.kubernetes.io/name: cert-manager
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: controller
{{- end }}

{{/*
The schema of every cert-manager kind: the API server keeps spec and
status as given, and cert-manager checks them itself.
*/}}
{{- define "cert-manager.crdSchema" -}}
openAPIV3Schema:
  type: object
  properties:
    spec:
      type: object
      x-kubernetes-preserve-unknown-fields: true
    status:
      type: object
      x-kubernetes-preserve-unknown-fields: true
{{- end }}
