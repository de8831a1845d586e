#if NET
using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace PantoQa.Cmdlets.Module;

/// <summary>
/// The module's private load context. It serves every assembly found in the dependencies
/// folder itself, ahead of the default context, and defers everything else (the runtime,
/// PowerShell, System.Text.Json) to the default context.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private const string EntryAssemblyName = "PantoQa.Client";
    private readonly string _folder;

    internal DependencyLoadContext(string folder)
        : base("PantoQa", isCollectible: false)
    {
        _folder = folder;
    }

    internal static bool IsEntryAssembly(AssemblyName name) =>
        string.Equals(name.Name, EntryAssemblyName, StringComparison.Ordinal);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        string path = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
#endif
