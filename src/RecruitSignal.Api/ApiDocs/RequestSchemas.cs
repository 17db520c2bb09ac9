using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RecruitSignal.ApiDocs;

/// <summary>
/// Makes request schemas say what the service accepts, no more. The generator lists every constructor parameter as
/// <c>required</c>; but a nullable field of a request may be left out, and the FluentValidation validator of the type
/// says which ones may not. So, for every type a request body can hold: a field is required when it is not nullable
/// or when its validator refuses it missing (an unconditional <c>NotNull</c> / <c>NotEmpty</c>), and a field the
/// validator requires (or that is marked <c>[Required]</c>, for a type checked by hand) is not nullable either. Also applies <see cref="WireValuesAttribute"/> to properties.
/// </summary>
internal static class RequestSchemas
{
    private static readonly ConditionalWeakTable<IApiDescriptionGroupCollectionProvider, HashSet<Type>> RequestTypes = [];

    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(WireValuesAttribute), true) is [WireValuesAttribute values, ..])
        {
            ApplyValues(schema, values);
        }

        var type = context.JsonTypeInfo.Type;
        if (schema.Properties is { Count: > 0 } && IsRequestType(type, context.ApplicationServices))
        {
            var required = ValidatorRequired(type, context.ApplicationServices);
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (!schema.Properties.TryGetValue(property.Name, out var propertySchema))
                {
                    continue;
                }

                if (property.AttributeProvider is MemberInfo member
                    && (required.Contains(member.Name) || member.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute))))
                {
                    schema.Required ??= new HashSet<string>();
                    schema.Required.Add(property.Name);
                    schema.Properties[property.Name] = NonNull(propertySchema);
                }
                else if (IsNullable(propertySchema))
                {
                    schema.Required?.Remove(property.Name);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void ApplyValues(OpenApiSchema schema, WireValuesAttribute values)
    {
        var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is OpenApiSchema items ? items : schema;
        target.Enum = [.. values.Values.Select(v => (JsonNode)v)];
        EnumSchemas.Name(target, values.Name);
    }

    // The generator marks a nullable object or enum field with this, and wraps it in oneOf [null, $ref] later.
    private const string NullableMark = "x-is-nullable-property";

    private static bool IsNullable(IOpenApiSchema schema) =>
        schema.Type?.HasFlag(JsonSchemaType.Null) == true
        || schema.OneOf?.Any(option => option.Type == JsonSchemaType.Null) == true
        || (schema is OpenApiSchema { Metadata: { } metadata } && metadata.ContainsKey(NullableMark));

    private static IOpenApiSchema NonNull(IOpenApiSchema schema)
    {
        if (schema.OneOf is { Count: 2 } options && options.Any(option => option.Type == JsonSchemaType.Null))
        {
            return options.First(option => option.Type != JsonSchemaType.Null);
        }

        (schema as OpenApiSchema)?.Metadata?.Remove(NullableMark);
        if (schema is OpenApiSchema { Type: { } type } concrete && type.HasFlag(JsonSchemaType.Null))
        {
            concrete.Type = type & ~JsonSchemaType.Null;
            concrete.Enum = concrete.Enum?.Where(value => value is not null).ToList();
        }

        return schema;
    }

    /// <summary>The C# names of the members the type's validator refuses missing, whatever else the request says.</summary>
    private static HashSet<string> ValidatorRequired(Type type, IServiceProvider services)
    {
        if (services.GetService(typeof(IValidator<>).MakeGenericType(type)) is not IValidator validator)
        {
            return [];
        }

        var descriptor = validator.CreateDescriptor();
        return descriptor.GetMembersWithValidators()
            .Select(member => member.Key)
            .Where(member => descriptor.GetRulesForMember(member).Any(rule =>
                !rule.HasCondition && !rule.HasAsyncCondition && !IsForEach(rule)
                && rule.Components.Any(c => !c.HasCondition && !c.HasAsyncCondition && c.Validator is INotNullValidator or INotEmptyValidator)))
            .ToHashSet(StringComparer.Ordinal);
    }

    // RuleForEach(x => x.Links).NotEmpty() is about each element, not about the list being there.
    private static bool IsForEach(IValidationRule rule) =>
        rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));

    /// <summary>Whether a request body can hold the type: a body parameter's type, or a type one of its properties holds.</summary>
    private static bool IsRequestType(Type type, IServiceProvider services)
    {
        var provider = services.GetRequiredService<IApiDescriptionGroupCollectionProvider>();
        return RequestTypes.GetValue(provider, Reachable).Contains(type);

        static HashSet<Type> Reachable(IApiDescriptionGroupCollectionProvider provider)
        {
            var found = new HashSet<Type>();
            var pending = new Stack<Type>(provider.ApiDescriptionGroups.Items
                .SelectMany(group => group.Items)
                .SelectMany(api => api.ParameterDescriptions)
                .Where(parameter => parameter.Source == BindingSource.Body)
                .Select(parameter => parameter.Type));
            while (pending.TryPop(out var next))
            {
                var type = Nullable.GetUnderlyingType(next) ?? next;
                if (type.IsGenericType && type.GetGenericArguments() is { Length: 1 } arguments)
                {
                    pending.Push(arguments[0]); // lists and other one-argument containers
                    continue;
                }

                if (type.IsPrimitive || type.IsEnum || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true || !found.Add(type))
                {
                    continue;
                }

                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    pending.Push(property.PropertyType);
                }
            }

            return found;
        }
    }
}
