using System.Reflection;

namespace PantoQa.Client.Http;

/// <summary>An assembly's version as a User-Agent product token wants it.</summary>
public static class ProductVersion
{
    /// <summary>
    /// The informational version without its "+commit" build metadata, which would only make
    /// every build look like another product version in the service's logs.
    /// </summary>
    public static string Of(Assembly assembly)
    {
        string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version))
        {
            return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        }

        int metadata = version!.IndexOf('+');
        return metadata < 0 ? version : version.Substring(0, metadata);
    }
}
