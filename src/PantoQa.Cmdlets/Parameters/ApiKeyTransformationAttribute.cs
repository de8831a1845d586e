using System.Management.Automation;
using System.Security;
using PantoQa.Cmdlets.Session;

namespace PantoQa.Cmdlets.Parameters;

/// <summary>
/// Accepts a key as a plain string, a SecureString (what Get-Secret returns by default) or a
/// PSCredential, and turns it into a SecureString at once.
/// </summary>
public sealed class ApiKeyTransformationAttribute : ArgumentTransformationAttribute
{
    /// <summary>
    /// A SecureString as it is, a string or a PSCredential's password as a SecureString; any other
    /// type is refused without showing the value.
    /// </summary>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case null:
                return null;
            case SecureString secure:
                return secure;
            case string plain:
                return SecureStrings.FromPlain(plain);
            case PSCredential credential:
                return credential.Password;
            default:
                // Never echo the value: it may be the key in some unexpected wrapper.
                throw new ArgumentTransformationMetadataException(
                    $"The API key must be a string, a SecureString or a PSCredential, not a {value.GetType().Name}.");
        }
    }
}
