using Mono.Cecil;

namespace Conformance.Tests.Architecture;

/// <summary>
/// Which namespace of an assembly uses which, read from its IL (signatures, attributes and method bodies), so a
/// dependency written with a fully qualified name or inside a lambda counts as much as one behind a using directive.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph()
    {
    }

    public IReadOnlyCollection<string> Namespaces => _edges.Keys;

    /// <summary>The namespaces <paramref name="from"/> uses, each with one type pair that shows it ("A uses B").</summary>
    public IReadOnlyDictionary<string, string> Uses(string from) => _edges.TryGetValue(from, out var to) ? to : [];

    public static NamespaceGraph Read(string assemblyPath, string rootNamespace)
    {
        var graph = new NamespaceGraph();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        foreach (var type in module.GetTypes())
        {
            var from = NamespaceOf(type);
            if (!from.StartsWith(rootNamespace, StringComparison.Ordinal))
            {
                continue;
            }

            graph._edges.TryAdd(from, new Dictionary<string, string>(StringComparer.Ordinal));
            foreach (var used in Referenced(type))
            {
                if (used.Scope != module && used.Module != module)
                {
                    continue;
                }

                var to = NamespaceOf(used);
                if (to != from && to.StartsWith(rootNamespace, StringComparison.Ordinal))
                {
                    graph._edges[from].TryAdd(to, $"{Outer(type).FullName} uses {Outer(used).FullName}");
                }
            }
        }

        return graph;
    }

    /// <summary>
    /// A copy with one more edge, <paramref name="from"/> uses <paramref name="to"/>: a test plants a dependency the
    /// layers forbid to prove the cycle check reports it.
    /// </summary>
    public NamespaceGraph With(string from, string to)
    {
        var copy = new NamespaceGraph();
        foreach (var (ns, uses) in _edges)
        {
            copy._edges[ns] = new Dictionary<string, string>(uses, StringComparer.Ordinal);
        }

        copy._edges.TryAdd(from, new Dictionary<string, string>(StringComparer.Ordinal));
        copy._edges.TryAdd(to, new Dictionary<string, string>(StringComparer.Ordinal));
        copy._edges[from][to] = $"{from} uses {to} (planted)";
        return copy;
    }

    /// <summary>Strongly connected groups of more than one namespace: each is at least one cycle.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles() => Cycles(static (_, _) => false);

    /// <summary>The cycles left when the edges <paramref name="ignored"/> selects are taken out.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles(Func<string, string, bool> ignored)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<IReadOnlyList<string>>();
        var next = 0;

        void Visit(string v)
        {
            index[v] = low[v] = next++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Uses(v).Keys.Where(w => !ignored(v, w)))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var group = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    group.Add(w);
                }
                while (w != v);
                if (group.Count > 1)
                {
                    groups.Add([.. group.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var v in _edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return groups;
    }

    private static TypeReference Outer(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static string NamespaceOf(TypeReference type) => Outer(type).Namespace;

    private static IEnumerable<TypeReference> Referenced(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null:
                    return;
                case GenericInstanceType g:
                    Add(g.ElementType);
                    foreach (var a in g.GenericArguments)
                    {
                        Add(a);
                    }

                    return;
                case TypeSpecification s:
                    Add(s.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }

        void AddAttributes(ICustomAttributeProvider provider)
        {
            foreach (var a in provider.CustomAttributes)
            {
                Add(a.AttributeType);
                foreach (var arg in a.ConstructorArguments.Concat(a.Properties.Select(p => p.Argument)))
                {
                    Add(arg.Value as TypeReference);
                }
            }
        }

        Add(type.BaseType);
        AddAttributes(type);
        foreach (var i in type.Interfaces)
        {
            Add(i.InterfaceType);
        }

        foreach (var f in type.Fields)
        {
            Add(f.FieldType);
            AddAttributes(f);
        }

        foreach (var p in type.Properties)
        {
            Add(p.PropertyType);
            AddAttributes(p);
        }

        foreach (var m in type.Methods)
        {
            Add(m.ReturnType);
            AddAttributes(m);
            foreach (var p in m.Parameters)
            {
                Add(p.ParameterType);
            }

            if (!m.HasBody)
            {
                continue;
            }

            foreach (var v in m.Body.Variables)
            {
                Add(v.VariableType);
            }

            foreach (var instruction in m.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Add(t);
                        break;
                    case MethodReference mr:
                        Add(mr.DeclaringType);
                        Add(mr.ReturnType);
                        if (mr is GenericInstanceMethod gm)
                        {
                            foreach (var a in gm.GenericArguments)
                            {
                                Add(a);
                            }
                        }

                        break;
                    case FieldReference fr:
                        Add(fr.DeclaringType);
                        Add(fr.FieldType);
                        break;
                }
            }
        }

        return found;
    }
}
