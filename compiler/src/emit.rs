//! Emit: `ModuleInfo` → object file.
//!
//! Declares every symbol, resolves imports, runs the parallel compile,
//! defines the functions in index order (so the bytes do not depend on the
//! thread count), then the stubs, the serialized metadata and the
//! [`ModuleDescriptor`] the runtime starts from.

use std::collections::HashMap;
use std::mem::{offset_of, size_of};

use cranelift_codegen::ir::{self, AbiParam, InstBuilder};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module};
use cranelift_object::{ObjectBuilder, ObjectModule};
use wasm2native_abi::meta::{DirGrant, FuncInfo, ImportKind, RuntimeConfig};
use wasm2native_abi::{wasi, ModuleDescriptor, ABI_VERSION, DESCRIPTOR_SYMBOL, MAIN_SYMBOL, MEMORY_IMAGE_ALIGN};

use crate::codegen;
use crate::debug_info;
use crate::error::{CompileError, Result};
use crate::inlining::Inlinable;
use crate::memory_image;
use crate::module_info::{self, ModuleInfo};
use crate::names;
use crate::options::CompileOptions;
use crate::progress::Progress;
use crate::trampolines;
use crate::translate::{Callee, ModuleEnv};

/// Renames the symbols of the module's functions after their name-section
/// names, for profilers and debuggers. Done on the finished object because
/// cranelift-module resolves declarations by name: a wasm function named
/// like an import or our `main` must not be merged with it.
fn name_function_symbols(product: &mut cranelift_object::ObjectProduct, info: &ModuleInfo<'_>, ids: &[FuncId]) {
    let prefix = product.object.mangling().global_prefix();
    for (index, id) in (info.num_imported_funcs..).zip(ids) {
        let Some(name) = names::symbol_name(info, index) else { continue };
        let symbol = product.function_symbol(*id);
        let mut bytes = Vec::with_capacity(name.len() + 1);
        bytes.extend(prefix);
        bytes.extend_from_slice(name.as_bytes());
        product.object.symbol_mut(symbol).name = bytes;
    }
}

/// Compiles a parsed module into object-file bytes.
pub fn emit_object(info: &ModuleInfo<'_>, opts: &CompileOptions, isa: OwnedTargetIsa) -> Result<Vec<u8>> {
    if isa.pointer_bits() != 64 {
        return Err(CompileError::Target(format!("unsupported target {}: only 64-bit targets", opts.target)));
    }
    if opts.debug_info && opts.target.binary_format != target_lexicon::BinaryFormat::Elf {
        return Err(CompileError::Options(format!(
            "-g (native debug info) is supported for ELF targets (Linux) only, not {}; compile without -g",
            opts.target
        )));
    }
    let builder = ObjectBuilder::new(isa.clone(), "wasm2native", cranelift_module::default_libcall_names())
        .map_err(|e| CompileError::Object(e.to_string()))?;
    let mut module = ObjectModule::new(builder);
    let obj_err = |e: cranelift_module::ModuleError| CompileError::Object(e.to_string());
    let prefix = &opts.symbol_prefix;

    // The metadata is written last (it needs the code facts), but its
    // VMContext layout is the one the code must use.
    let config = RuntimeConfig {
        bounds_checks: opts.bounds_checks,
        dirs: opts.dirs.iter().map(|d| DirGrant { host: &d.host, guest: &d.guest }).collect(),
        env: opts.env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
        inherit_env: opts.inherit_env,
        runtime_grants: opts.runtime_grants,
        inherit_network: opts.inherit_network,
        cpu_features: crate::isa::cpu_features(&*isa),
        gc_heap_max: opts.gc_heap_max,
    };
    let report_names = names::report_names(info, opts.raw_names);
    let mut meta = module_info::to_meta(info, config);
    meta.func_names = report_names.iter().map(|(i, name)| (*i, name.as_ref())).collect();
    let mut env = ModuleEnv {
        info,
        callees: Vec::new(),
        pointer_type: isa.pointer_type(),
        wasm_call_conv: CallConv::Tail,
        host_call_conv: isa.default_call_conv(),
        bounds_checks: opts.bounds_checks,
        frontend_config: isa.frontend_config(),
        vmctx: meta.vmctx_layout(),
        gc_refs: info.uses_gc_refs(),
        source_locations: opts.debug_info,
    };
    // Fails early on C names that collide.
    let library = opts.library.as_deref().map(|name| crate::library::Interface::of(info, name)).transpose()?;
    env.callees = resolve_imports(&env, opts, &mut module)?;
    let mut ids = Vec::with_capacity(info.bodies.len());
    for i in info.num_imported_funcs..info.num_funcs() {
        let sig = env.wasm_signature(info.func_type(i));
        let id = module.declare_function(&format!("{prefix}wasm_func_{i}"), Linkage::Local, &sig).map_err(obj_err)?;
        env.callees.push(Callee::Defined(id));
        ids.push(id);
    }

    let code_bytes = info.bodies.iter().map(|b| b.body.range().end as u64 - b.body.range().start as u64).sum();
    let progress = Progress::new(opts.progress, "compiling", code_bytes);
    let inlinable = if opts.inline { Inlinable::collect(&env, &ids) } else { Inlinable::none() };
    let compiled = codegen::compile_functions(&env, &*isa, &ids, opts.jobs, &inlinable, &progress)?;
    drop(progress);
    // The module's code starts on a cache line (its first function is
    // aligned to 64 bytes, the others follow as before), so where its hot
    // loops fall relative to cache lines depends on the module alone, not
    // on how much runtime code the linker places before it: sightglass's
    // sieve, byte-identical code, ran 1.22x slower when the runtime's cold
    // code grew by 736 bytes and its loop came to span three lines.
    const CODE_START_ALIGN: u64 = 64;
    let mut funcs = Vec::with_capacity(compiled.len());
    let mut source_maps = Vec::new();
    for (n, (f, id)) in compiled.into_iter().zip(&ids).enumerate() {
        let align = if n == 0 { f.alignment.max(CODE_START_ALIGN) } else { f.alignment };
        module.define_function_bytes(*id, align, &f.bytes, &f.relocs).map_err(obj_err)?;
        if opts.debug_info {
            source_maps.push(f.source_map);
        }
        funcs.push(FuncInfo { code_len: f.bytes.len() as u32, traps: f.traps, handlers: f.handlers, stack_maps: f.stack_maps });
    }

    // Stubs.
    let mut ctx = Context::new();
    let mut fctx = FunctionBuilderContext::new();
    let mut array_calls = HashMap::new();
    for (index, needed) in info.needs_array_call().into_iter().enumerate() {
        if !needed {
            continue;
        }
        let index = index as u32;
        trampolines::array_call(&env, index, &mut ctx.func, &mut fctx);
        let id = module
            .declare_function(&format!("{prefix}wasm_array_{index}"), Linkage::Local, &ctx.func.signature)
            .map_err(obj_err)?;
        define_stub(&mut module, id, &mut ctx, index)?;
        array_calls.insert(index, id);
    }
    let mut adapters = HashMap::new();
    for index in 0..info.num_imported_funcs {
        if let Callee::Host(_) = env.callees[index as usize] {
            trampolines::host_adapter(&env, index, &mut ctx.func, &mut fctx);
            let id = module
                .declare_function(&format!("{prefix}wasm_adapter_{index}"), Linkage::Local, &ctx.func.signature)
                .map_err(obj_err)?;
            define_stub(&mut module, id, &mut ctx, index)?;
            adapters.insert(index, id);
        }
    }

    // Metadata and descriptor.
    let code = wasm2native_abi::code_table::CodeTable::encode(&funcs);
    meta.code = &code;
    let debug = if opts.debug_info {
        let code: Vec<_> = source_maps
            .iter()
            .zip(&funcs)
            .enumerate()
            .map(|(n, (map, f))| debug_info::FunctionCode {
                body: debug_info::body_range(info, n),
                len: u64::from(f.code_len),
                source_map: map,
            })
            .collect();
        Some(debug_info::prepare(info, &code)?)
    } else {
        None
    };
    if let Some(d) = &debug {
        meta.source_lines.files = d.files.iter().map(String::as_str).collect();
        meta.source_lines.funcs = d.rows.iter().map(Vec::as_slice).collect();
    }
    // Mapped from the executable by the Linux runtime only (and COFF
    // cannot align a section to 64 KiB).
    let elf = isa.triple().binary_format == target_lexicon::BinaryFormat::Elf;
    let image = if elf { memory_image::build(info, &mut meta.data) } else { None };
    meta.memory_images = image.as_ref().map(|i| i.placements.clone()).unwrap_or_default();
    let meta_bytes = meta.encode();
    let meta_id = define_data(&mut module, &format!("{prefix}meta"), meta_bytes.clone(), |_, _| Ok(()))?;
    let funcs_id = define_func_array(&mut module, &format!("{prefix}funcs"), ids.iter().map(|id| Some(*id)))?;
    let array_id = define_func_array(
        &mut module,
        &format!("{prefix}array_calls"),
        (0..info.num_funcs()).map(|i| array_calls.get(&i).copied()),
    )?;
    let adapters_id = define_func_array(
        &mut module,
        &format!("{prefix}host_adapters"),
        (0..info.num_imported_funcs).map(|i| adapters.get(&i).copied()),
    )?;
    let mut desc = vec![0u8; size_of::<ModuleDescriptor>()];
    let mut put_u32 = |off: usize, v: u32| desc[off..off + 4].copy_from_slice(&v.to_le_bytes());
    put_u32(offset_of!(ModuleDescriptor, abi_version), ABI_VERSION);
    put_u32(offset_of!(ModuleDescriptor, num_defined_funcs), ids.len() as u32);
    put_u32(offset_of!(ModuleDescriptor, num_imported_funcs), info.num_imported_funcs);
    put_u32(offset_of!(ModuleDescriptor, meta_len), meta_bytes.len() as u32);
    let desc_name = if prefix.is_empty() { DESCRIPTOR_SYMBOL.to_string() } else { format!("{prefix}module") };
    // A library is reached through its C functions only, so that several
    // link into one program.
    let desc_linkage = if library.is_some() { Linkage::Local } else { Linkage::Export };
    let desc_id = module.declare_data(&desc_name, desc_linkage, false, false).map_err(obj_err)?;
    let mut d = DataDescription::new();
    d.define(desc.into());
    d.set_align(8);
    let mut pointers = vec![
        (offset_of!(ModuleDescriptor, meta), meta_id),
        (offset_of!(ModuleDescriptor, funcs), funcs_id),
        (offset_of!(ModuleDescriptor, array_calls), array_id),
        (offset_of!(ModuleDescriptor, host_adapters), adapters_id),
    ];
    if let Some(image) = image {
        let id = module.declare_data(&format!("{prefix}memory_image"), Linkage::Local, false, false).map_err(obj_err)?;
        let mut img = DataDescription::new();
        img.define(image.bytes.into_boxed_slice());
        img.set_align(MEMORY_IMAGE_ALIGN);
        module.define_data(id, &img).map_err(obj_err)?;
        pointers.push((offset_of!(ModuleDescriptor, memory_image), id));
    }
    for (field, target) in pointers {
        let gv = module.declare_data_in_data(target, &mut d);
        d.write_data_addr(field as u32, gv, 0);
    }
    module.define_data(desc_id, &d).map_err(obj_err)?;

    if opts.executable {
        emit_main(&mut module, &mut ctx, desc_id, MAIN_SYMBOL)?;
    }
    if let Some(iface) = &library {
        crate::library::entry_points::emit(&mut module, iface, desc_id)?;
    }
    let mut product = module.finish();
    name_function_symbols(&mut product, info, &ids);
    if let Some(debug) = debug {
        let symbols: Vec<_> = ids.iter().map(|id| product.function_symbol(*id)).collect();
        debug_info::emit(&mut product.object, debug, &symbols)?;
    }
    product.emit().map_err(|e| CompileError::Object(e.to_string()))
}

/// Decides how each imported function is called. Executables and
/// libraries call host functions: WASI in the runtime, others in the
/// user's C code (which a library's host program may also define); in an
/// executable every import must resolve. Plain objects leave every import
/// to the embedder.
fn resolve_imports(env: &ModuleEnv<'_>, opts: &CompileOptions, module: &mut ObjectModule) -> Result<Vec<Callee>> {
    let info = env.info;
    let hosted = opts.executable || opts.library.is_some();
    let mut callees = Vec::new();
    let mut unresolved = Vec::new();
    let mut symbols: HashMap<String, FuncId> = HashMap::new();
    for imp in &info.imports {
        let ImportKind::Func(type_index) = imp.kind else {
            // An executable creates the shared memory a threaded program
            // imports (wasi-threads' `env.memory`).
            let created = opts.executable && matches!(imp.kind, ImportKind::Memory(m) if m.shared);
            if hosted && !created {
                unresolved.push(format!("{}::{} ({})", imp.module, imp.name, kind_name(&imp.kind)));
            }
            continue;
        };
        if !hosted {
            callees.push(Callee::Import);
            continue;
        }
        let ty = info.sig(type_index);
        let user_symbol = crate::host_imports::symbol(imp.module, imp.name);
        let user_defined = opts.host_symbols.contains(&user_symbol) || opts.library.is_some();
        if imp.module != wasi::MODULE && user_defined {
            crate::host_imports::c_declaration(imp.module, imp.name, ty)?;
            let id = declare_host(module, &mut symbols, user_symbol, &env.host_import_signature(ty))?;
            callees.push(Callee::Host(id));
            continue;
        }
        let spawn = opts.executable && imp.module == wasi::THREADS_MODULE && imp.name == wasi::THREAD_SPAWN.name;
        let found = if spawn { Some(&wasi::THREAD_SPAWN) } else { (imp.module == wasi::MODULE).then(|| wasi::lookup(imp.name)).flatten() };
        let Some(w) = found else {
            unresolved.push(format!("{}::{} (function {})", imp.module, imp.name, show_type(ty)));
            callees.push(Callee::Import);
            continue;
        };
        if ty.params != w.params || ty.results != w.results {
            let expected = wasm2native_abi::meta::FuncType { params: w.params.to_vec(), results: w.results.to_vec() };
            return Err(CompileError::ImportSignature {
                module: imp.module.to_string(),
                name: imp.name.to_string(),
                found: show_type(ty),
                expected: show_type(&expected),
            });
        }
        let symbol = if spawn { wasi::THREAD_SPAWN_SYMBOL.to_string() } else { wasi::symbol_name(w.name) };
        let id = declare_host(module, &mut symbols, symbol, &env.host_signature(ty))?;
        callees.push(Callee::Host(id));
    }
    if !unresolved.is_empty() && !opts.allow_unresolved {
        return Err(CompileError::UnresolvedImports(unresolved));
    }
    if opts.executable
        && !opts.allow_unresolved
        && !info.exports.iter().any(|e| {
            e.kind == wasm2native_abi::meta::ExportKind::Func && (e.name == "_start" || e.name == "_initialize")
        })
    {
        return Err(CompileError::NoEntry);
    }
    Ok(callees)
}

/// Declares host function `symbol` once, however many imports name it.
fn declare_host(
    module: &mut ObjectModule,
    symbols: &mut HashMap<String, FuncId>,
    symbol: String,
    sig: &ir::Signature,
) -> Result<FuncId> {
    if let Some(id) = symbols.get(&symbol) {
        return Ok(*id);
    }
    let id = module
        .declare_function(&symbol, Linkage::Import, sig)
        .map_err(|e| CompileError::Object(e.to_string()))?;
    symbols.insert(symbol, id);
    Ok(id)
}

fn kind_name(k: &ImportKind) -> &'static str {
    match k {
        ImportKind::Func(_) => "function",
        ImportKind::Table(_) => "table",
        ImportKind::Memory(_) => "memory",
        ImportKind::Global(_) => "global",
        ImportKind::Tag(_) => "tag",
    }
}

/// `(i32, i64) -> i32` style rendering of a signature.
pub fn show_type(ty: &wasm2native_abi::meta::FuncType) -> String {
    let list = |v: &[wasm2native_abi::meta::ValType]| {
        v.iter().map(|t| format!("{t:?}").to_lowercase()).collect::<Vec<_>>().join(", ")
    };
    format!("({}) -> ({})", list(&ty.params), list(&ty.results))
}

fn define_stub(module: &mut ObjectModule, id: FuncId, ctx: &mut Context, index: u32) -> Result<()> {
    module.define_function(id, ctx).map_err(|e| CompileError::Codegen { func: index, message: format!("{e:?}") })?;
    ctx.clear();
    Ok(())
}

fn define_data(
    module: &mut ObjectModule,
    name: &str,
    mut bytes: Vec<u8>,
    relocate: impl FnOnce(&mut ObjectModule, &mut DataDescription) -> Result<()>,
) -> Result<DataId> {
    let id = module
        .declare_data(name, Linkage::Local, false, false)
        .map_err(|e| CompileError::Object(e.to_string()))?;
    if bytes.is_empty() {
        // Zero-sized data objects are not representable in every format.
        bytes.push(0);
    }
    let mut d = DataDescription::new();
    d.define(bytes.into_boxed_slice());
    d.set_align(16);
    relocate(module, &mut d)?;
    module.define_data(id, &d).map_err(|e| CompileError::Object(e.to_string()))?;
    Ok(id)
}

/// A read-only array of function pointers (null where `None`).
fn define_func_array(
    module: &mut ObjectModule,
    name: &str,
    entries: impl Iterator<Item = Option<FuncId>>,
) -> Result<DataId> {
    let entries: Vec<_> = entries.collect();
    define_data(module, name, vec![0u8; entries.len().max(1) * 8], |module, d| {
        for (i, e) in entries.iter().enumerate() {
            if let Some(id) = e {
                let f = module.declare_func_in_data(*id, d);
                d.write_function_addr((i * 8) as u32, f);
            }
        }
        Ok(())
    })
}

/// The glue object of a component executable: its
/// [`ComponentDescriptor`](wasm2native_abi::ComponentDescriptor), pointing
/// at the descriptors `module_symbols` of its core modules' objects and at
/// `meta`, and a `main` that hands it to the runtime.
pub fn emit_component_glue(
    opts: &CompileOptions,
    module_symbols: &[String],
    meta: Vec<u8>,
    host_calls: &[wasm2native_abi::meta::HostCall],
    tls: bool,
) -> Result<Vec<u8>> {
    use wasm2native_abi::{ComponentDescriptor, COMPONENT_MAIN_SYMBOL, TLS_CONNECTOR_SYMBOL};
    let isa = crate::isa::build(opts)?;
    let builder = ObjectBuilder::new(isa, "wasm2native", cranelift_module::default_libcall_names())
        .map_err(|e| CompileError::Object(e.to_string()))?;
    let mut module = ObjectModule::new(builder);
    let obj_err = |e: cranelift_module::ModuleError| CompileError::Object(e.to_string());
    let imported = module_symbols
        .iter()
        .map(|sym| module.declare_data(sym, Linkage::Import, false, false).map_err(obj_err))
        .collect::<Result<Vec<_>>>()?;
    let modules_id = define_data(&mut module, "component_modules", vec![0u8; imported.len().max(1) * 8], |module, d| {
        for (i, id) in imported.iter().enumerate() {
            let gv = module.declare_data_in_data(*id, d);
            d.write_data_addr((i * 8) as u32, gv, 0);
        }
        Ok(())
    })?;
    let trampolines = host_calls
        .iter()
        .enumerate()
        .map(|(k, call)| {
            let linked = match &call.kind {
                wasm2native_abi::meta::HostCallKind::Linked { symbol } => Some(symbol.as_str()),
                _ => None,
            };
            emit_host_call(&mut module, k as u32, &call.core, linked)
        })
        .collect::<Result<Vec<_>>>()?;
    let calls_id = define_func_array(&mut module, "component_host_calls", trampolines.iter().map(|id| Some(*id)))?;
    let meta_len = meta.len() as u32;
    let meta_id = define_data(&mut module, "component_meta", meta, |_, _| Ok(()))?;
    let mut desc = vec![0u8; size_of::<ComponentDescriptor>()];
    let mut put_u32 = |off: usize, v: u32| desc[off..off + 4].copy_from_slice(&v.to_le_bytes());
    put_u32(offset_of!(ComponentDescriptor, abi_version), ABI_VERSION);
    put_u32(offset_of!(ComponentDescriptor, num_modules), module_symbols.len() as u32);
    put_u32(offset_of!(ComponentDescriptor, meta_len), meta_len);
    put_u32(offset_of!(ComponentDescriptor, num_host_calls), host_calls.len() as u32);
    // Only this reference links the runtime's TLS code in.
    let connector =
        if tls { Some(module.declare_data(TLS_CONNECTOR_SYMBOL, Linkage::Import, false, false).map_err(obj_err)?) } else { None };
    let desc_id = define_data(&mut module, "component", desc, |module, d| {
        let fields = [
            (offset_of!(ComponentDescriptor, modules), Some(modules_id)),
            (offset_of!(ComponentDescriptor, meta), Some(meta_id)),
            (offset_of!(ComponentDescriptor, host_calls), Some(calls_id)),
            (offset_of!(ComponentDescriptor, tls), connector),
        ];
        for (field, target) in fields {
            if let Some(target) = target {
                let gv = module.declare_data_in_data(target, d);
                d.write_data_addr(field as u32, gv, 0);
            }
        }
        Ok(())
    })?;
    emit_main(&mut module, &mut Context::new(), desc_id, COMPONENT_MAIN_SYMBOL)?;
    module.finish().emit().map_err(|e| CompileError::Object(e.to_string()))
}

/// The trampoline of host call `index`: a function of the wasm
/// convention with signature `ty` that stores its parameters in 64-bit
/// slots (zero-extended, floats as bits), calls the runtime's
/// `wasm2native_component_call(vmctx, index, slots)` and returns the
/// results it left there; or, for a call the user's `--link` code
/// implements, calls C function `linked` with `vmctx` and the parameters
/// (the contract of [`crate::host_imports`]).
fn emit_host_call(
    module: &mut ObjectModule,
    index: u32,
    ty: &wasm2native_abi::meta::FuncType,
    linked: Option<&str>,
) -> Result<FuncId> {
    use wasm2native_abi::meta::ValType as V;
    use wasm2native_abi::COMPONENT_CALL_SYMBOL;
    let ptr = module.isa().pointer_type();
    let ir_type = |t: &V| match t {
        V::I32 => Ok(ir::types::I32),
        V::I64 => Ok(ir::types::I64),
        V::F32 => Ok(ir::types::F32),
        V::F64 => Ok(ir::types::F64),
        other => Err(CompileError::Unsupported(format!("component: a host call passing {other:?}"))),
    };
    let mut sig = ir::Signature::new(CallConv::Tail);
    sig.params.push(AbiParam::new(ptr));
    for t in &ty.params {
        sig.params.push(AbiParam::new(ir_type(t)?));
    }
    for t in &ty.results {
        sig.returns.push(AbiParam::new(ir_type(t)?));
    }
    let obj_err = |e: cranelift_module::ModuleError| CompileError::Object(e.to_string());
    let id = module.declare_function(&format!("component_host_call_{index}"), Linkage::Local, &sig).map_err(obj_err)?;
    // The C function takes the trampoline's parameters as they are.
    let target = match linked {
        Some(symbol) => {
            let mut c_sig = sig.clone();
            c_sig.call_conv = module.isa().default_call_conv();
            module.declare_function(symbol, Linkage::Import, &c_sig).map_err(obj_err)?
        }
        None => {
            let mut rt_sig = ir::Signature::new(module.isa().default_call_conv());
            rt_sig.params.extend([AbiParam::new(ptr), AbiParam::new(ir::types::I32), AbiParam::new(ptr)]);
            module.declare_function(COMPONENT_CALL_SYMBOL, Linkage::Import, &rt_sig).map_err(obj_err)?
        }
    };
    let mut ctx = Context::new();
    ctx.func = ir::Function::with_name_signature(ir::UserFuncName::user(4, index), sig);
    let callee = module.declare_func_in_func(target, &mut ctx.func);
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let params = b.block_params(entry).to_vec();
    let results: Vec<ir::Value> = if linked.is_some() {
        let call = b.ins().call(callee, &params);
        b.inst_results(call).to_vec()
    } else {
        let slots = ty.params.len().max(ty.results.len()).max(1) as u32;
        let area = b.create_sized_stack_slot(ir::StackSlotData::new(ir::StackSlotKind::ExplicitSlot, slots * 8, 3));
        for (i, (&v, t)) in params[1..].iter().zip(&ty.params).enumerate() {
            let word = match t {
                V::I32 => b.ins().uextend(ir::types::I64, v),
                V::F32 => {
                    let bits = b.ins().bitcast(ir::types::I32, ir::MemFlagsData::new(), v);
                    b.ins().uextend(ir::types::I64, bits)
                }
                V::F64 => b.ins().bitcast(ir::types::I64, ir::MemFlagsData::new(), v),
                _ => v,
            };
            b.ins().stack_store(ptr, word, area, (i * 8) as i32);
        }
        let addr = b.ins().stack_addr(ptr, area, 0);
        let k = b.ins().iconst(ir::types::I32, i64::from(index));
        b.ins().call(callee, &[params[0], k, addr]);
        ty.results
            .iter()
            .enumerate()
            .map(|(i, t)| b.ins().stack_load(ptr, ir_type(t).expect("checked above"), area, (i * 8) as i32))
            .collect()
    };
    b.ins().return_(&results);
    b.finalize(module.isa().frontend_config());
    module.define_function(id, &mut ctx).map_err(|e| CompileError::Codegen { func: index, message: format!("{e:?}") })?;
    Ok(id)
}

/// `int main(int argc, char **argv) { return ENTRY(argc, argv, &descriptor); }`,
/// `ENTRY` being the runtime's `runtime_entry`.
fn emit_main(module: &mut ObjectModule, ctx: &mut Context, desc: DataId, runtime_entry: &str) -> Result<()> {
    let ptr = module.isa().pointer_type();
    let conv = module.isa().default_call_conv();
    let mut sig = ir::Signature::new(conv);
    sig.params.push(AbiParam::new(ir::types::I32));
    sig.params.push(AbiParam::new(ptr));
    sig.returns.push(AbiParam::new(ir::types::I32));
    let mut rt_sig = sig.clone();
    rt_sig.params.push(AbiParam::new(ptr));
    let obj_err = |e: cranelift_module::ModuleError| CompileError::Object(e.to_string());
    let main_id = module.declare_function("main", Linkage::Export, &sig).map_err(obj_err)?;
    let rt_id = module.declare_function(runtime_entry, Linkage::Import, &rt_sig).map_err(obj_err)?;
    ctx.func = ir::Function::with_name_signature(ir::UserFuncName::user(3, 0), sig);
    let rt = module.declare_func_in_func(rt_id, &mut ctx.func);
    let gv = module.declare_data_in_func(desc, &mut ctx.func);
    if module.isa().triple().operating_system == target_lexicon::OperatingSystem::Windows {
        // COFF has no AArch64 page-relative relocations in cranelift-object:
        // a far reference loads the address from a literal (ADDR64) instead.
        if let ir::GlobalValueData::Symbol { colocated, .. } = &mut ctx.func.global_values[gv] {
            *colocated = false;
        }
    }
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let (argc, argv) = (b.block_params(entry)[0], b.block_params(entry)[1]);
    let d = b.ins().symbol_value(ptr, gv);
    let call = b.ins().call(rt, &[argc, argv, d]);
    let status = b.inst_results(call)[0];
    b.ins().return_(&[status]);
    b.finalize(module.isa().frontend_config());
    define_stub(module, main_id, ctx, u32::MAX)
}
