package dev.prescale.kubernetes;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of a sharded rehearsal, typed with fabric8's model so they are valid objects:
 * <ul>
 *   <li>a ConfigMap holding the profile, mounted read-only where the injectors read profiles;</li>
 *   <li>an Indexed Job of N injector pods (completions = parallelism = N, no retries: a failed shard fails the run,
 *   which shard 0's merge then names), each told its shard by Kubernetes' {@code JOB_COMPLETION_INDEX}, the count
 *   and the run id (the Job's name, from the pod's {@code job-name} label) in its environment, InfluxDB credentials
 *   from a Secret, resources per injector and anti-affinity so injectors spread over nodes;</li>
 *   <li>optionally a CronJob running the same Job on a schedule (pre-event rehearsals), whose shards meet at the
 *   store's barrier since no start instant can be written into a template;</li>
 *   <li>optionally the controller as a one-replica Deployment with its configuration in a ConfigMap.</li>
 * </ul>
 */
public final class RehearsalManifests {

    /** Where the runnable jar lies in the image ({@code Jib} or the Dockerfile README gives put it there). */
    public static final String JAR = "/app/prescale.jar";
    /** Where the profile ConfigMap is mounted. */
    public static final String PROFILES = "/etc/prescale/profiles";
    /** Where the controller's ConfigMap is mounted. */
    public static final String CONTROLLER_CONFIG = "/etc/prescale/controller";
    /** The pod label Kubernetes puts on a Job's pods, naming the Job. */
    public static final String JOB_NAME_LABEL = "job-name";
    static final String RUN_LABEL = "prescale.dev/run";

    private RehearsalManifests() {
    }

    /** Every object, in the order to apply them. */
    public static List<HasMetadata> objects(RehearsalSpec spec) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(profileMap(spec));
        objects.add(job(spec));
        spec.schedule().ifPresent(cron -> objects.add(cronJob(spec, cron)));
        spec.controllerConfig().ifPresent(yaml -> {
            objects.add(controllerMap(spec, yaml));
            objects.add(controller(spec));
        });
        return objects;
    }

    public static ConfigMap profileMap(RehearsalSpec spec) {
        return new ConfigMapBuilder().withNewMetadata().withName(spec.name() + "-profile")
                .addToLabels(labels(spec)).endMetadata()
                .addToData(spec.profileId() + ".yaml", spec.profileYaml()).build();
    }

    public static Job job(RehearsalSpec spec) {
        return new JobBuilder().withNewMetadata().withName(spec.name()).addToLabels(labels(spec)).endMetadata()
                .withSpec(jobSpec(spec, true)).build();
    }

    public static CronJob cronJob(RehearsalSpec spec, String schedule) {
        return new CronJobBuilder().withNewMetadata().withName(spec.name() + "-scheduled").addToLabels(labels(spec))
                .endMetadata().withNewSpec().withSchedule(schedule).withConcurrencyPolicy("Forbid")
                .withNewJobTemplate().withNewMetadata().addToLabels(labels(spec)).endMetadata()
                .withSpec(jobSpec(spec, false)).endJobTemplate().endSpec().build();
    }

    private static JobSpec jobSpec(RehearsalSpec spec, boolean withStart) {
        Map<String, String> podLabels = Map.of("app.kubernetes.io/name", "prescale-injector", RUN_LABEL, spec.name());
        PodTemplateSpec template = new PodTemplateSpecBuilder().withNewMetadata().addToLabels(podLabels).endMetadata()
                .withNewSpec().withRestartPolicy("Never").withAffinity(spread(spec.name()))
                .addToContainers(injector(spec, withStart))
                .addNewVolume().withName("profiles").withNewConfigMap().withName(spec.name() + "-profile")
                .endConfigMap().endVolume()
                .endSpec().build();
        return new JobSpecBuilder().withCompletionMode("Indexed").withCompletions(spec.injectors())
                .withParallelism(spec.injectors()).withBackoffLimit(0)
                .withActiveDeadlineSeconds(spec.deadline().toSeconds()).withTemplate(template).build();
    }

    private static Container injector(RehearsalSpec spec, boolean withStart) {
        List<EnvVar> env = new ArrayList<>();
        env.add(value("PRESCALE_SHARD_COUNT", String.valueOf(spec.injectors())));
        if (withStart) {
            spec.start().ifPresent(start -> env.add(value("PRESCALE_SHARD_START", start.toString())));
        }
        env.add(new EnvVarBuilder().withName("PRESCALE_RUNID").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.labels['" + JOB_NAME_LABEL + "']").endFieldRef().endValueFrom().build());
        env.add(value("PRESCALE_PROFILEDB", PROFILES));
        env.add(value("PRESCALE_TARGET", spec.target()));
        env.add(value("PRESCALE_ALLOWREMOTETARGET", "true")); // the service a team named when it wrote the Job
        env.add(value("PRESCALE_RUNLENGTH", dev.prescale.profile.Durations.format(spec.runLength())));
        env.add(value("PRESCALE_STORE", "influx"));
        env.add(value("PRESCALE_INFLUX_URL", spec.influxUrl()));
        env.add(value("PRESCALE_INFLUX_DATABASE", spec.influxDatabase()));
        spec.jvmOptions().ifPresent(options -> env.add(value("JAVA_TOOL_OPTIONS", options)));
        for (String key : List.of("token", "username", "password")) {
            env.add(new EnvVarBuilder().withName("PRESCALE_INFLUX_" + key.toUpperCase(java.util.Locale.ROOT))
                    .withNewValueFrom().withNewSecretKeyRef().withName(spec.influxSecret()).withKey(key)
                    .withOptional(true).endSecretKeyRef().endValueFrom().build());
        }
        return new ContainerBuilder().withName("injector").withImage(spec.image())
                .withCommand(List.of("java", "-XX:MaxRAMPercentage=75", "-jar", JAR, "rehearse", "--profile",
                        spec.profileId()))
                .withEnv(env)
                .withNewResources()
                .addToRequests("cpu", new Quantity(spec.cpu())).addToRequests("memory", new Quantity(spec.memory()))
                .addToLimits("memory", new Quantity(spec.memory()))
                .endResources()
                .addNewVolumeMount().withName("profiles").withMountPath(PROFILES).withReadOnly(true).endVolumeMount()
                .build();
    }

    /** Injectors of one run prefer different nodes: two on one node share its NIC and CPU, which the sizing assumed. */
    private static Affinity spread(String run) {
        return new AffinityBuilder().withNewPodAntiAffinity().addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100).withNewPodAffinityTerm().withTopologyKey("kubernetes.io/hostname")
                .withNewLabelSelector().addToMatchLabels(RUN_LABEL, run).endLabelSelector().endPodAffinityTerm()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build();
    }

    public static ConfigMap controllerMap(RehearsalSpec spec, String yaml) {
        return new ConfigMapBuilder().withNewMetadata().withName(spec.name() + "-controller")
                .addToLabels(labels(spec)).endMetadata().addToData("prescale.yaml", yaml).build();
    }

    /** One controller at a time (Recreate): it keeps its state in the store and resumes where it stopped. */
    public static Deployment controller(RehearsalSpec spec) {
        Map<String, String> podLabels = Map.of("app.kubernetes.io/name", "prescale-controller", RUN_LABEL,
                spec.name());
        return new DeploymentBuilder().withNewMetadata().withName(spec.name() + "-controller")
                .addToLabels(labels(spec)).endMetadata()
                .withNewSpec().withReplicas(1).withNewStrategy().withType("Recreate").endStrategy()
                .withNewSelector().addToMatchLabels(podLabels).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels(podLabels).endMetadata().withNewSpec()
                .addNewContainer().withName("controller").withImage(spec.image())
                .withCommand(List.of("java", "-XX:MaxRAMPercentage=75", "-jar", JAR, "controller", "-c",
                        CONTROLLER_CONFIG + "/prescale.yaml"))
                .addToEnv(value("PRESCALE_INFLUX_URL", spec.influxUrl()))
                .addToEnv(value("PRESCALE_INFLUX_DATABASE", spec.influxDatabase()))
                .addToEnv(new EnvVarBuilder().withName("PRESCALE_INFLUX_TOKEN").withNewValueFrom()
                        .withNewSecretKeyRef().withName(spec.influxSecret()).withKey("token").withOptional(true)
                        .endSecretKeyRef().endValueFrom().build())
                .withNewResources().addToRequests("cpu", new Quantity("500m"))
                .addToRequests("memory", new Quantity("768Mi")).addToLimits("memory", new Quantity("768Mi"))
                .endResources()
                .addNewVolumeMount().withName("config").withMountPath(CONTROLLER_CONFIG).withReadOnly(true)
                .endVolumeMount().endContainer()
                .addNewVolume().withName("config").withNewConfigMap().withName(spec.name() + "-controller")
                .endConfigMap().endVolume()
                .endSpec().endTemplate().endSpec().build();
    }

    /** The objects as one YAML stream, documents separated by {@code ---}. */
    public static String yaml(List<? extends KubernetesResource> objects) {
        YAMLMapper mapper = mapper();
        StringBuilder out = new StringBuilder();
        for (KubernetesResource o : objects) {
            out.append(mapper.writeValueAsString(o));
        }
        return out.toString();
    }

    /**
     * Reads a YAML stream back into fabric8's objects, through fabric8's own deserializer (kind and apiVersion pick the
     * class): what a manifest that is not a valid Kubernetes object fails.
     *
     * @throws IllegalArgumentException naming the document that is not a Kubernetes object
     */
    public static List<KubernetesResource> read(String yaml) {
        YAMLMapper mapper = mapper();
        List<KubernetesResource> objects = new ArrayList<>();
        int n = 0;
        for (String document : yaml.split("(?m)^---\\s*$")) {
            n++;
            if (document.isBlank()) {
                continue;
            }
            try {
                objects.add(mapper.readValue(document, KubernetesResource.class));
            } catch (JacksonException e) {
                throw new IllegalArgumentException("document " + n + " is not a Kubernetes object: "
                        + e.getMessage(), e);
            }
        }
        return objects;
    }

    private static YAMLMapper mapper() {
        // strings quoted: an env value such as 3, true or 2026-11-27T18:00:00Z stays a string to every YAML reader
        return YAMLMapper.builder().disable(YAMLWriteFeature.MINIMIZE_QUOTES).build();
    }

    private static Map<String, String> labels(RehearsalSpec spec) {
        return Map.of("app.kubernetes.io/part-of", "prescale", RUN_LABEL, spec.name());
    }

    private static EnvVar value(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
