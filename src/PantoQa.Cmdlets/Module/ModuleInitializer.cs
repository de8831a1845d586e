using System.IO;
using System.Management.Automation;
using System.Reflection;
#if NET
using System.Runtime.Loader;
#else
using System;
#endif

namespace PantoQa.Cmdlets.Module;

/// <summary>
/// Hooks dependency resolution on import and nothing else, so import stays cheap. The
/// cmdlets reference PantoQa.Client, which lives in the dependencies folder and cannot be
/// found by the default resolver; this hook supplies it.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string DependencyFolder =
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "dependencies");

#if NET
    // PowerShell 7: the client core and everything it brings (Polly) load into a context of
    // their own, so another module's Polly, loaded before or after us, never meets ours.
    private static readonly DependencyLoadContext Context = new DependencyLoadContext(DependencyFolder);

    /// <summary>Import-Module: hooks the resolver that supplies PantoQa.Client and its dependencies.</summary>
    public void OnImport() => AssemblyLoadContext.Default.Resolving += ResolveCore;

    /// <summary>Remove-Module: unhooks the resolver.</summary>
    public void OnRemove(PSModuleInfo psModuleInfo) => AssemblyLoadContext.Default.Resolving -= ResolveCore;

    private static Assembly? ResolveCore(AssemblyLoadContext defaultContext, AssemblyName name) =>
        DependencyLoadContext.IsEntryAssembly(name) ? Context.LoadFromAssemblyName(name) : null;
#else
    // Windows PowerShell 5.1 has one load context per AppDomain; a resolve handler that
    // serves our dependency folder is all it can do.
    /// <summary>Import-Module: hooks the resolver that supplies PantoQa.Client and its dependencies.</summary>
    public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += ResolveDesktop;

    /// <summary>Remove-Module: unhooks the resolver.</summary>
    public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= ResolveDesktop;

    // RequestingAssembly is often null (a load by name, a type in a serialized blob), so the
    // decision rests on the requested name alone.
    private static Assembly? ResolveDesktop(object? sender, ResolveEventArgs args)
    {
        var requested = new AssemblyName(args.Name);
        if (requested.Name is null || requested.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            return null;
        }

        string path = Path.Combine(DependencyFolder, requested.Name + ".dll");
        if (!File.Exists(path))
        {
            return null;
        }

        return ShippedAssemblyMatch.Accepts(requested, AssemblyName.GetAssemblyName(path)) ? Assembly.LoadFrom(path) : null;
    }
#endif
}
