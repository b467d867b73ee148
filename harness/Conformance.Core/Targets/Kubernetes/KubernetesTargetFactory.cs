using Conformance.Inputs;
using Conformance.Pki;
using Conformance.Profiles;

namespace Conformance.Targets.Kubernetes;

/// <summary>Resolves a profile's <c>target.kubernetes</c> section for one run (kubeconfig, manifests, forwards, Secrets from the run PKI).</summary>
internal static class KubernetesTargetFactory
{
    public static KubernetesTarget Create(Profile profile, PlaceholderResolver resolver, RunPki? pki, TimeProvider time)
    {
        var spec = profile.Target.Kubernetes ?? throw new ProfileException(ProfileLocator.Where(profile, "target.kubernetes"), "a kubernetes target needs a kubernetes section (deployment, manifests, ports)");
        string kubeconfig;
        try
        {
            kubeconfig = spec.Kubeconfig is { } k ? resolver.Resolve(k) : KubernetesTargetOptions.DefaultKubeconfig();
        }
        catch (PlaceholderException e)
        {
            throw new ProfileException(ProfileLocator.Where(profile, "target.kubernetes.kubeconfig"), e.Message);
        }

        var manifests = new List<KubernetesManifest>();
        foreach (var path in spec.Manifests)
        {
            try
            {
                // Only {port:NAME} is resolved (see KubernetesPlaceholders): other placeholders name harness-side files
                // that mean nothing in a pod, and are applied as written.
                manifests.Add(new KubernetesManifest(path, KubernetesPlaceholders.ResolvePorts(Inputs.InputFile.ReadText(path, Inputs.InputFile.ProfileBound, "a manifest"), spec, resolver)));
            }
            catch (Inputs.InputFileException e)
            {
                throw new ProfileException(ProfileLocator.Where(profile, "target.kubernetes.manifests"), $"cannot read the manifest {e.Message}");
            }
        }

        var forwards = spec.Ports.Select(p => new KubernetesForward(p.Key, resolver.Port(p.Key), p.Value)).ToList();
        var secrets = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        string? bundle = null;
        if (pki is not null)
        {
            secrets[spec.Secret] = (PemWriter.CertificatesPem(pki.ServerLeaf.ServedChain), PemWriter.PrivateKeyPem(pki.ServerLeaf.Certificate));
            foreach (var (group, leaf) in pki.SniLeaves)
            {
                secrets[$"{spec.Secret}-{group}"] = (PemWriter.CertificatesPem(leaf.ServedChain), PemWriter.PrivateKeyPem(leaf.Certificate));
            }

            // A named per-endpoint certificate (pki.certificates.NAME) is the Secret <secret>-NAME: Direktiv's
            // direktiv-cert-fn, -flow and -ingress with secret: direktiv-cert.
            foreach (var (name, leaf) in pki.NamedLeaves)
            {
                secrets[$"{spec.Secret}-{name}"] = (PemWriter.CertificatesPem(leaf.ServedChain), PemWriter.PrivateKeyPem(leaf.Certificate));
            }

            bundle = File.ReadAllText(pki.Placeholders["pki:bundle"]);
        }

        return new KubernetesTarget(new KubernetesTargetOptions(spec, kubeconfig, manifests, forwards, secrets, bundle, DeployUpstream: profile.Claims.TrustBundle is not null, BundleNamespaces: profile.Claims.TrustBundle?.Namespaces), time);
    }
}
