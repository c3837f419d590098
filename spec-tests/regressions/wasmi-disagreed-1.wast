;; Regression: a case where wasmi 2.0 gives another result than we and wasmtime 49 do
;; (found by difftest, seed 100; the assertions are the outcomes both agree on).
;; wasmi disagrees with us and wasmtime agrees: the assertions are our outcomes
;;   (module
;;     (type (;0;) (func (param f32 f32 i64) (result v128)))
;;     (type (;1;) (func (param i64) (result f32 v128)))
;;     (type (;2;) (func))
;;     (type (;3;) (func (result i64 f32)))
;;     (type (;4;) (func))
;;     (global (;0;) (mut v128) v128.const i32x4 0xc61696e2 0xfe7165bc 0x6d8d4885 0xc980e985)
;;     (global (;1;) (mut i32) i32.const 0)
;;     (global (;2;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
;;     (global (;3;) (mut i64) i64.const 0)
;;     (global (;4;) (mut i32) i32.const 0)
;;     (global (;5;) (mut i64) i64.const 0)
;;     (global (;6;) (mut i32) i32.const 1000)
;;     (export "" (func 0))
;;     (export "1" (func 1))
;;     (export "2" (func 2))
;;     (export "3" (func 3))
;;     (export "4" (global 0))
;;     (export "5" (global 1))
;;     (export "6" (global 2))
;;     (export "7" (global 3))
;;     (export "\u{8}`SvRF\u{10}" (global 4))
;;     (export "9" (global 5))
;;     (start 2)
;;     (elem (;0;) func)
;;     (func (;0;) (type 2)
;;       (local i32 f32 f32 f32 f64 f64)
;;       global.get 6
;;       i32.eqz
;;       if ;; label = @1
;;         unreachable
;;       end
;;       global.get 6
;;       i32.const 1
;;       i32.sub
;;       global.set 6
;;       i32.const -8388609
;;       i32.clz
;;       ref.null func
;;       nop
;;       ref.is_null
;;       i32.const -131072
;;       f32.convert_i32_s
;;       i32.trunc_sat_f32_u
;;       i32.lt_u
;;       local.set 0
;;       i32.const 1
;;       local.get 0
;;       local.get 0
;;       i32.eqz
;;       select
;;       i32.div_u
;;       nop
;;       f64.convert_i32_s
;;       f64.abs
;;       i64.reinterpret_f64
;;       f64.const 0x1.942a5f44400dp-989 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003017543776633283;)
;;       i64.trunc_sat_f64_s
;;       i64.or
;;       i64.eqz
;;       i32.const 1022406432
;;       i32.ge_u
;;       return
;;       f64.convert_i32_s
;;       loop (type 2) ;; label = @1
;;         global.get 6
;;         i32.eqz
;;         if ;; label = @2
;;           unreachable
;;         end
;;         global.get 6
;;         i32.const 1
;;         i32.sub
;;         global.set 6
;;         ref.null func
;;         call 0
;;         f64.const 0x1.4ee3669892bb8p-831 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000009135526722939786;)
;;         block (result i32) ;; label = @2
;;           i32.const -2049
;;           block (type 3) (result i64 f32) ;; label = @3
;;             i64.const -3123913930631571433
;;             i32.wrap_i64
;;             loop (result f64) ;; label = @4
;;               global.get 6
;;               i32.eqz
;;               if ;; label = @5
;;                 unreachable
;;               end
;;               global.get 6
;;               i32.const 1
;;               i32.sub
;;               global.set 6
;;               v128.const i32x4 0xb0638b04 0x2d4c6241 0xf20f92c1 0x0c201b8d
;;               global.set 0
;;               call 2
;;               v128.const i32x4 0xae5f629b 0x35c62406 0xea9b6474 0x4b8b9674
;;               v128.const i32x4 0x3eaa549e 0x9e7f132b 0x84ae3e90 0xbd398023
;;               block ;; label = @5
;;                 block (type 2) ;; label = @6
;;                   f32.const -0x1.0d30b6p+126 (;=-89453810000000000000000000000000000000;)
;;                   br 0 (;@6;)
;;                   i32.trunc_sat_f32_u
;;                   i32.extend8_s
;;                   br_if 2 (;@4;)
;;                   i64.const -4362589294562578908
;;                   i64.extend8_s
;;                   return_call 0
;;                   i64.ctz
;;                   elem.drop 0
;;                   nop
;;                   return_call 0
;;                   block (type 4) ;; label = @7
;;                     loop (type 4) ;; label = @8
;;                       global.get 6
;;                       i32.eqz
;;                       if ;; label = @9
;;                         unreachable
;;                       end
;;                       global.get 6
;;                       i32.const 1
;;                       i32.sub
;;                       global.set 6
;;                       f32.const -nan:0x7fff00 (;=NaN;)
;;                       elem.drop 0
;;                       f32.trunc
;;                       local.tee 1
;;                       f32.const nan (;=NaN;)
;;                       local.get 1
;;                       local.get 1
;;                       f32.eq
;;                       select
;;                       block (type 2) ;; label = @9
;;                         return_call 2
;;                         global.get 0
;;                         elem.drop 0
;;                         return_call 2
;;                         i32.const 459870495
;;                         i64.extend_i32_u
;;                         call 3
;;                         i32.const -821831016
;;                         br_table 0 (;@9;) 1 (;@8;) 2 (;@7;) 3 (;@6;) 4 (;@5;) 5 (;@4;) 8 (;@1;) 9 9
;;                         ref.null extern
;;                         ref.null extern
;;                         global.get 0
;;                         block (type 4) ;; label = @10
;;                         end
;;                         ref.null func
;;                         f64.const -0x1.24466bc176967p-383 (;=-0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005795134046144114;)
;;                         i32.trunc_sat_f64_u
;;                         f32.convert_i32_u
;;                         f32.ceil
;;                         local.tee 2
;;                         f32.const nan (;=NaN;)
;;                         local.get 2
;;                         local.get 2
;;                         f32.eq
;;                         select
;;                         block (type 4) ;; label = @10
;;                           call 2
;;                           block (type 2) ;; label = @11
;;                             br 4 (;@7;)
;;                             i32.const -2071034705
;;                             i64.extend_i32_s
;;                             elem.drop 0
;;                             i32.const 428017102
;;                             i64.extend_i32_s
;;                             f64.convert_i64_u
;;                             i32.trunc_sat_f64_s
;;                             elem.drop 0
;;                             loop (result f32) ;; label = @12
;;                               global.get 6
;;                               i32.eqz
;;                               if ;; label = @13
;;                                 unreachable
;;                               end
;;                               global.get 6
;;                               i32.const 1
;;                               i32.sub
;;                               global.set 6
;;                               ref.null func
;;                               ref.null extern
;;                               return_call 2
;;                               i64.const 70368744177664
;;                               i64.eqz
;;                               loop (result f64) ;; label = @13
;;                                 global.get 6
;;                                 i32.eqz
;;                                 if ;; label = @14
;;                                   unreachable
;;                                 end
;;                                 global.get 6
;;                                 i32.const 1
;;                                 i32.sub
;;                                 global.set 6
;;                                 return_call 2
;;                                 br 4 (;@9;)
;;                                 f32.const -nan:0x7f8000 (;=NaN;)
;;                                 local.tee 3
;;                                 local.get 3
;;                                 f32.ne
;;                                 local.get 3
;;                                 f32.const inf (;=inf;)
;;                                 f32.eq
;;                                 local.get 3
;;                                 f32.const -inf (;=-inf;)
;;                                 f32.eq
;;                                 i32.or
;;                                 i32.or
;;                                 if ;; label = @14
;;                                   f32.const 0x0p+0 (;=0;)
;;                                   local.set 3
;;                                 end
;;                                 local.get 3
;;                                 f32.const 0x0p+0 (;=0;)
;;                                 f32.lt
;;                                 if ;; label = @14
;;                                   f32.const 0x0p+0 (;=0;)
;;                                   local.set 3
;;                                 end
;;                                 local.get 3
;;                                 f32.const 0x1.fffffep+30 (;=2147483500;)
;;                                 f32.gt
;;                                 if ;; label = @14
;;                                   f32.const 0x1.fffffep+30 (;=2147483500;)
;;                                   local.set 3
;;                                 end
;;                                 local.get 3
;;                                 i32.trunc_f32_u
;;                                 f32.reinterpret_i32
;;                                 block ;; label = @14
;;                                   i64.const 2069538934309085048
;;                                   global.get 0
;;                                   global.get 0
;;                                   i32.const -262144
;;                                   call 0
;;                                   elem.drop 0
;;                                   i64.extend_i32_s
;;                                   i64.clz
;;                                   f32.convert_i64_s
;;                                   i64.trunc_sat_f32_u
;;                                   br 8 (;@6;)
;;                                   f64.const 0x1.fffffffffep-1035 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005432309224866;)
;;                                   i64.const 2957599191755147953
;;                                   elem.drop 0
;;                                   br 10 (;@4;)
;;                                   global.get 0
;;                                   i64.const 1171824234710293015
;;                                   call 2
;;                                   i64.popcnt
;;                                   ref.null extern
;;                                   v128.const i32x4 0xac89c2a1 0x1024bd02 0x8349bfde 0xe8bc81a5
;;                                   return_call 0
;;                                   block (type 4) ;; label = @15
;;                                     f64.const -0x1.efefefefefefep+1008 (;=-5314010372517807600000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
;;                                     i64.const -513
;;                                     i64.eqz
;;                                     f32.reinterpret_i32
;;                                     f32.neg
;;                                     ref.null extern
;;                                     v128.const i32x4 0x7c2c7d09 0x3db0a6ae 0xce4e4f74 0xbe45b867
;;                                     global.set 0
;;                                     global.get 0
;;                                     br 2 (;@13;)
;;                                     f64.const 0x1p-959 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000020522684006491881;)
;;                                     return_call 2
;;                                     global.get 0
;;                                     return_call 2
;;                                     f64.const 0x1.345a47c92bf6dp-242 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000017043107377483027;)
;;                                     f64.sqrt
;;                                     local.tee 4
;;                                     f64.const nan (;=NaN;)
;;                                     local.get 4
;;                                     local.get 4
;;                                     f64.eq
;;                                     select
;;                                     local.tee 5
;;                                     local.get 5
;;                                     f64.ne
;;                                     local.get 5
;;                                     f64.const inf (;=inf;)
;;                                     f64.eq
;;                                     local.get 5
;;                                     f64.const -inf (;=-inf;)
;;                                     f64.eq
;;                                     i32.or
;;                                     i32.or
;;                                     if ;; label = @16
;;                                       f64.const 0x0p+0 (;=0;)
;;                                       local.set 5
;;                                     end
;;                                     local.get 5
;;                                     f64.const -0x1p+31 (;=-2147483648;)
;;                                     f64.lt
;;                                     if ;; label = @16
;;                                       f64.const -0x1p+31 (;=-2147483648;)
;;                                       local.set 5
;;                                     end
;;                                     local.get 5
;;                                     f64.const 0x1.fffffffcp+30 (;=2147483647;)
;;                                     f64.gt
;;                                     if ;; label = @16
;;                                       f64.const 0x1.fffffffcp+30 (;=2147483647;)
;;                                       local.set 5
;;                                     end
;;                                     local.get 5
;;                                     i32.trunc_f64_s
;;                                     global.get 1
;;                                     i32.xor
;;                                     global.set 1
;;                                     global.get 2
;;                                     v128.xor
;;                                     global.set 2
;;                                     i64.reinterpret_f64
;;                                     global.get 3
;;                                     i64.xor
;;                                     global.set 3
;;                                     global.get 2
;;                                     v128.xor
;;                                     global.set 2
;;                                     drop
;;                                     i32.reinterpret_f32
;;                                     global.get 4
;;                                     i32.xor
;;                                     global.set 4
;;                                     i64.reinterpret_f64
;;                                     global.get 3
;;                                     i64.xor
;;                                     global.set 3
;;                                   end
;;                                   global.get 2
;;                                   v128.xor
;;                                   global.set 2
;;                                   drop
;;                                   global.get 5
;;                                   i64.xor
;;                                   global.set 5
;;                                   global.get 2
;;                                   v128.xor
;;                                   global.set 2
;;                                   global.get 5
;;                                   i64.xor
;;                                   global.set 5
;;                                   i64.reinterpret_f64
;;                                   global.get 3
;;                                   i64.xor
;;                                   global.set 3
;;                                   global.get 5
;;                                   i64.xor
;;                                   global.set 5
;;                                   global.get 2
;;                                   v128.xor
;;                                   global.set 2
;;                                   global.get 2
;;                                   v128.xor
;;                                   global.set 2
;;                                   global.get 5
;;                                   i64.xor
;;                                   global.set 5
;;                                 end
;;                                 i32.reinterpret_f32
;;                                 global.get 4
;;                                 i32.xor
;;                                 global.set 4
;;                                 f64.const 0x1.e891c7a422981p-321 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000044674297920802717;)
;;                               end
;;                               i64.reinterpret_f64
;;                               global.get 3
;;                               i64.xor
;;                               global.set 3
;;                               global.get 1
;;                               i32.xor
;;                               global.set 1
;;                               drop
;;                               drop
;;                               f32.const -nan:0x7ffc00 (;=NaN;)
;;                             end
;;                             i32.reinterpret_f32
;;                             global.get 4
;;                             i32.xor
;;                             global.set 4
;;                             global.get 1
;;                             i32.xor
;;                             global.set 1
;;                             global.get 5
;;                             i64.xor
;;                             global.set 5
;;                           end
;;                         end
;;                         i32.reinterpret_f32
;;                         global.get 4
;;                         i32.xor
;;                         global.set 4
;;                         drop
;;                         global.get 2
;;                         v128.xor
;;                         global.set 2
;;                         drop
;;                         drop
;;                         i32.reinterpret_f32
;;                         global.get 4
;;                         i32.xor
;;                         global.set 4
;;                         global.get 5
;;                         i64.xor
;;                         global.set 5
;;                         global.get 5
;;                         i64.xor
;;                         global.set 5
;;                         global.get 2
;;                         v128.xor
;;                         global.set 2
;;                       end
;;                       i32.reinterpret_f32
;;                       global.get 4
;;                       i32.xor
;;                       global.set 4
;;                     end
;;                   end
;;                   global.get 5
;;                   i64.xor
;;                   global.set 5
;;                 end
;;               end
;;               global.get 2
;;               v128.xor
;;               global.set 2
;;               global.get 2
;;               v128.xor
;;               global.set 2
;;               f64.const 0x1.bcf1fb44e6818p-930 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000019150081762804095;)
;;             end
;;             i64.reinterpret_f64
;;             global.get 3
;;             i64.xor
;;             global.set 3
;;             global.get 1
;;             i32.xor
;;             global.set 1
;;             i64.const 269929269142587670
;;             f32.const 0x1.p-147 (;=0.000000000000000000000000000000000000000000006;)
;;           end
;;           i32.reinterpret_f32
;;           global.get 4
;;           i32.xor
;;           global.set 4
;;           global.get 5
;;           i64.xor
;;           global.set 5
;;         end
;;         global.get 1
;;         i32.xor
;;         global.set 1
;;         i64.reinterpret_f64
;;         global.get 3
;;         i64.xor
;;         global.set 3
;;         drop
;;       end
;;       i64.reinterpret_f64
;;       global.get 3
;;       i64.xor
;;       global.set 3
;;     )
;;     (func (;1;) (type 0) (param f32 f32 i64) (result v128)
;;       (local i32 funcref i64 f32 i32 f32 f32 f64 i32 f32 f32 f32)
;;       global.get 6
;;       i32.eqz
;;       if ;; label = @1
;;         unreachable
;;       end
;;       global.get 6
;;       i32.const 1
;;       i32.sub
;;       global.set 6
;;       global.get 0
;;       br 0
;;       ref.null extern
;;       ref.is_null
;;       f64.convert_i32_s
;;       i32.trunc_sat_f64_u
;;       i64.extend_i32_s
;;       f32.const 0x1.6384cep+9 (;=711.03754;)
;;       loop (type 3) (result i64 f32) ;; label = @1
;;         global.get 6
;;         i32.eqz
;;         if ;; label = @2
;;           unreachable
;;         end
;;         global.get 6
;;         i32.const 1
;;         i32.sub
;;         global.set 6
;;         block (type 2) ;; label = @2
;;           block ;; label = @3
;;             ref.null func
;;             block (type 2) ;; label = @4
;;               block ;; label = @5
;;                 i32.const -8388608
;;                 local.get 2
;;                 f32.convert_i64_u
;;                 local.tee 6
;;                 local.get 6
;;                 f32.ne
;;                 local.get 6
;;                 f32.const inf (;=inf;)
;;                 f32.eq
;;                 local.get 6
;;                 f32.const -inf (;=-inf;)
;;                 f32.eq
;;                 i32.or
;;                 i32.or
;;                 if ;; label = @6
;;                   f32.const 0x0p+0 (;=0;)
;;                   local.set 6
;;                 end
;;                 local.get 6
;;                 f32.const 0x0p+0 (;=0;)
;;                 f32.lt
;;                 if ;; label = @6
;;                   f32.const 0x0p+0 (;=0;)
;;                   local.set 6
;;                 end
;;                 local.get 6
;;                 f32.const 0x1.fffffep+62 (;=9223371500000000000;)
;;                 f32.gt
;;                 if ;; label = @6
;;                   f32.const 0x1.fffffep+62 (;=9223371500000000000;)
;;                   local.set 6
;;                 end
;;                 local.get 6
;;                 i64.trunc_f32_u
;;                 i64.extend16_s
;;                 i64.eqz
;;                 local.set 7
;;                 i32.const 1
;;                 local.get 7
;;                 local.get 7
;;                 i32.eqz
;;                 select
;;                 i32.rem_u
;;                 global.get 0
;;                 i32.const 2139095040
;;                 local.get 0
;;                 elem.drop 0
;;                 f32.ceil
;;                 local.tee 8
;;                 f32.const nan (;=NaN;)
;;                 local.get 8
;;                 local.get 8
;;                 f32.eq
;;                 select
;;                 f32.const -0x1.52571ap-46 (;=-0.000000000000018781656;)
;;                 loop (type 3) (result i64 f32) ;; label = @6
;;                   global.get 6
;;                   i32.eqz
;;                   if ;; label = @7
;;                     unreachable
;;                   end
;;                   global.get 6
;;                   i32.const 1
;;                   i32.sub
;;                   global.set 6
;;                   loop (type 4) ;; label = @7
;;                     global.get 6
;;                     i32.eqz
;;                     if ;; label = @8
;;                       unreachable
;;                     end
;;                     global.get 6
;;                     i32.const 1
;;                     i32.sub
;;                     global.set 6
;;                     f32.const 0x1.39345cp+39 (;=672601600000;)
;;                     block (type 3) (result i64 f32) ;; label = @8
;;                       block (result f32) ;; label = @9
;;                         local.get 0
;;                         f32.ceil
;;                         local.tee 9
;;                         f32.const nan (;=NaN;)
;;                         local.get 9
;;                         local.get 9
;;                         f32.eq
;;                         select
;;                         local.set 1
;;                         call 2
;;                         nop
;;                         br 7 (;@2;)
;;                         call 2
;;                         local.get 4
;;                         ref.null extern
;;                         v128.const i32x4 0xdadb2dbc 0xdf2e1210 0x9bc701d8 0xbf06a913
;;                         v128.const i32x4 0x6a7de888 0x1751dc20 0xf11b4411 0x9bdd14d2
;;                         global.get 0
;;                         i64.const 536870912
;;                         f32.convert_i64_s
;;                         i32.reinterpret_f32
;;                         v128.const i32x4 0x0e6619b9 0x707f8e69 0xaa75864d 0xf3d5c474
;;                         elem.drop 0
;;                         block (type 3) (result i64 f32) ;; label = @10
;;                           block (result v128) ;; label = @11
;;                             local.get 2
;;                             local.get 0
;;                             block (result funcref) ;; label = @12
;;                               local.get 5
;;                               i64.extend32_s
;;                               elem.drop 0
;;                               br 5 (;@7;)
;;                               i64.popcnt
;;                               f64.convert_i64_u
;;                               br 8 (;@4;)
;;                               local.tee 10
;;                               local.get 10
;;                               f64.ne
;;                               local.get 10
;;                               f64.const inf (;=inf;)
;;                               f64.eq
;;                               local.get 10
;;                               f64.const -inf (;=-inf;)
;;                               f64.eq
;;                               i32.or
;;                               i32.or
;;                               if ;; label = @13
;;                                 f64.const 0x0p+0 (;=0;)
;;                                 local.set 10
;;                               end
;;                               local.get 10
;;                               f64.const -0x1.fffffffffffffp+62 (;=-9223372036854775000;)
;;                               f64.lt
;;                               if ;; label = @13
;;                                 f64.const -0x1.fffffffffffffp+62 (;=-9223372036854775000;)
;;                                 local.set 10
;;                               end
;;                               local.get 10
;;                               f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
;;                               f64.gt
;;                               if ;; label = @13
;;                                 f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
;;                                 local.set 10
;;                               end
;;                               local.get 10
;;                               i64.trunc_f64_s
;;                               global.get 0
;;                               v128.const i32x4 0xf72dd11d 0x73e7e253 0xc657937b 0x283721e5
;;                               i32.const -8193
;;                               i32.clz
;;                               f64.const 0x1.f11f18f978c32p+794 (;=202320139713442060000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
;;                               i32.trunc_sat_f64_u
;;                               i32.const 1116193132
;;                               local.set 11
;;                               i32.const 1
;;                               local.get 11
;;                               local.get 11
;;                               i32.eqz
;;                               select
;;                               i32.div_u
;;                               if (type 3) (result i64 f32) ;; label = @13
;;                                 v128.const i32x4 0x3465cab6 0x80b114f0 0x8cb902eb 0xe6370a42
;;                                 call 2
;;                                 global.set 0
;;                                 elem.drop 0
;;                                 global.get 0
;;                                 block (result i32) ;; label = @14
;;                                   local.get 1
;;                                   f32.const 0x1.p-131 (;=0.000000000000000000000000000000000000000367342;)
;;                                   f64.const -0x1.d42d72645d55cp+148 (;=-652544233211032000000000000000000000000000000;)
;;                                   call 3
;;                                   f32.floor
;;                                   local.tee 12
;;                                   f32.const nan (;=NaN;)
;;                                   local.get 12
;;                                   local.get 12
;;                                   f32.eq
;;                                   select
;;                                   i32.trunc_sat_f32_s
;;                                   i32.const 262143
;;                                   br 10 (;@4;)
;;                                   i32.shr_u
;;                                   global.get 0
;;                                   call 3
;;                                   local.set 0
;;                                   f64.reinterpret_i64
;;                                   loop (type 2) ;; label = @15
;;                                     global.get 6
;;                                     i32.eqz
;;                                     if ;; label = @16
;;                                       unreachable
;;                                     end
;;                                     global.get 6
;;                                     i32.const 1
;;                                     i32.sub
;;                                     global.set 6
;;                                     call 3
;;                                     f32.const 0x1.p-136 (;=0.00000000000000000000000000000000000000001148;)
;;                                     i32.const 520650978
;;                                     br_if 6 (;@9;)
;;                                     f32.min
;;                                     local.tee 13
;;                                     f32.const nan (;=NaN;)
;;                                     local.get 13
;;                                     local.get 13
;;                                     f32.eq
;;                                     select
;;                                     f32.trunc
;;                                     local.tee 14
;;                                     f32.const nan (;=NaN;)
;;                                     local.get 14
;;                                     local.get 14
;;                                     f32.eq
;;                                     select
;;                                     block (type 4) ;; label = @16
;;                                     end
;;                                     i32.reinterpret_f32
;;                                     global.get 4
;;                                     i32.xor
;;                                     global.set 4
;;                                     global.get 5
;;                                     i64.xor
;;                                     global.set 5
;;                                   end
;;                                   i64.reinterpret_f64
;;                                   global.get 3
;;                                   i64.xor
;;                                   global.set 3
;;                                   global.get 2
;;                                   v128.xor
;;                                   global.set 2
;;                                   global.get 1
;;                                   i32.xor
;;                                   global.set 1
;;                                   global.get 5
;;                                   i64.xor
;;                                   global.set 5
;;                                   i64.reinterpret_f64
;;                                   global.get 3
;;                                   i64.xor
;;                                   global.set 3
;;                                   i32.reinterpret_f32
;;                                   global.get 4
;;                                   i32.xor
;;                                   global.set 4
;;                                   i32.reinterpret_f32
;;                                   global.get 4
;;                                   i32.xor
;;                                   global.set 4
;;                                   i32.const 1973729885
;;                                 end
;;                                 global.get 1
;;                                 i32.xor
;;                                 global.set 1
;;                                 global.get 2
;;                                 v128.xor
;;                                 global.set 2
;;                                 i64.const 5836513938460956086
;;                                 f32.const 0x1.432bdap-43 (;=0.00000000000014351689;)
;;                               else
;;                                 i64.const 1048576
;;                                 f32.const -0x1.f23ep-126 (;=-0.000000000000000000000000000000000000022878159;)
;;                               end
;;                               i32.reinterpret_f32
;;                               global.get 4
;;                               i32.xor
;;                               global.set 4
;;                               global.get 5
;;                               i64.xor
;;                               global.set 5
;;                               global.get 1
;;                               i32.xor
;;                               global.set 1
;;                               global.get 2
;;                               v128.xor
;;                               global.set 2
;;                               global.get 2
;;                               v128.xor
;;                               global.set 2
;;                               global.get 5
;;                               i64.xor
;;                               global.set 5
;;                               ref.null func
;;                             end
;;                             drop
;;                             i32.reinterpret_f32
;;                             global.get 4
;;                             i32.xor
;;                             global.set 4
;;                             global.get 5
;;                             i64.xor
;;                             global.set 5
;;                             v128.const i32x4 0xffffffff 0x000003ff 0xffffffff 0x07ffffff
;;                           end
;;                           global.get 2
;;                           v128.xor
;;                           global.set 2
;;                           i64.const -65536
;;                           f32.const 0x1.aaaaaap+43 (;=14660155000000;)
;;                         end
;;                         i32.reinterpret_f32
;;                         global.get 4
;;                         i32.xor
;;                         global.set 4
;;                         global.get 5
;;                         i64.xor
;;                         global.set 5
;;                         global.get 2
;;                         v128.xor
;;                         global.set 2
;;                         global.get 1
;;                         i32.xor
;;                         global.set 1
;;                         global.get 2
;;                         v128.xor
;;                         global.set 2
;;                         global.get 2
;;                         v128.xor
;;                         global.set 2
;;                         global.get 2
;;                         v128.xor
;;                         global.set 2
;;                         drop
;;                         drop
;;                         f32.const -0x1.4795e8p-44 (;=-0.00000000000007273861;)
;;                       end
;;                       i32.reinterpret_f32
;;                       global.get 4
;;                       i32.xor
;;                       global.set 4
;;                       i64.const -3918825176455469762
;;                       f32.const 0x1.p-127 (;=0.000000000000000000000000000000000000005877472;)
;;                     end
;;                     i32.reinterpret_f32
;;                     global.get 4
;;                     i32.xor
;;                     global.set 4
;;                     global.get 5
;;                     i64.xor
;;                     global.set 5
;;                     i32.reinterpret_f32
;;                     global.get 4
;;                     i32.xor
;;                     global.set 4
;;                   end
;;                   i64.const 2251799813685247
;;                   f32.const -0x1.94ecc2p-35 (;=-0.000000000046034624;)
;;                 end
;;                 i32.reinterpret_f32
;;                 global.get 4
;;                 i32.xor
;;                 global.set 4
;;                 global.get 5
;;                 i64.xor
;;                 global.set 5
;;                 i32.reinterpret_f32
;;                 global.get 4
;;                 i32.xor
;;                 global.set 4
;;                 i32.reinterpret_f32
;;                 global.get 4
;;                 i32.xor
;;                 global.set 4
;;                 global.get 1
;;                 i32.xor
;;                 global.set 1
;;                 global.get 2
;;                 v128.xor
;;                 global.set 2
;;                 global.get 1
;;                 i32.xor
;;                 global.set 1
;;               end
;;             end
;;             drop
;;           end
;;         end
;;         i64.const -665117286521359751
;;         f32.const 0x1.ep-146 (;=0.000000000000000000000000000000000000000000021;)
;;       end
;;       i32.reinterpret_f32
;;       global.get 4
;;       i32.xor
;;       global.set 4
;;       global.get 5
;;       i64.xor
;;       global.set 5
;;       i32.reinterpret_f32
;;       global.get 4
;;       i32.xor
;;       global.set 4
;;       global.get 5
;;       i64.xor
;;       global.set 5
;;       v128.const i32x4 0xc23e8226 0x6b86741c 0xa0a04dd4 0xda8e0450
;;     )
;;     (func (;2;) (type 2)
;;       (local f32 f32 f32 f64 f64)
;;       global.get 6
;;       i32.eqz
;;       if ;; label = @1
;;         unreachable
;;       end
;;       global.get 6
;;       i32.const 1
;;       i32.sub
;;       global.set 6
;;       f32.const -0x1.f550c2p+9 (;=-1002.6309;)
;;       call 0
;;       f32.abs
;;       i32.trunc_sat_f32_s
;;       i32.eqz
;;       ref.null func
;;       global.get 0
;;       f64.const 0x1.p-1065 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000253;)
;;       i32.trunc_sat_f64_s
;;       i32.extend16_s
;;       f64.convert_i32_u
;;       i64.reinterpret_f64
;;       global.get 0
;;       ref.null extern
;;       i32.const 398968356
;;       br 0
;;       br 0
;;       f64.const -nan:0xfffffffdfffff (;=NaN;)
;;       f32.demote_f64
;;       global.get 0
;;       f32.const 0x1.ccc03ep+63 (;=16600302000000000000;)
;;       local.tee 0
;;       local.get 0
;;       f32.ne
;;       local.get 0
;;       f32.const inf (;=inf;)
;;       f32.eq
;;       local.get 0
;;       f32.const -inf (;=-inf;)
;;       f32.eq
;;       i32.or
;;       i32.or
;;       if ;; label = @1
;;         f32.const 0x0p+0 (;=0;)
;;         local.set 0
;;       end
;;       local.get 0
;;       f32.const -0x1.fffffep+30 (;=-2147483500;)
;;       f32.lt
;;       if ;; label = @1
;;         f32.const -0x1.fffffep+30 (;=-2147483500;)
;;         local.set 0
;;       end
;;       local.get 0
;;       f32.const 0x1.fffffep+30 (;=2147483500;)
;;       f32.gt
;;       if ;; label = @1
;;         f32.const 0x1.fffffep+30 (;=2147483500;)
;;         local.set 0
;;       end
;;       local.get 0
;;       i32.trunc_f32_s
;;       elem.drop 0
;;       f32.const 0x1.636d72p-91 (;=0.00000000000000000000000000056076575;)
;;       local.tee 1
;;       local.get 1
;;       f32.ne
;;       local.get 1
;;       f32.const inf (;=inf;)
;;       f32.eq
;;       local.get 1
;;       f32.const -inf (;=-inf;)
;;       f32.eq
;;       i32.or
;;       i32.or
;;       if ;; label = @1
;;         f32.const 0x0p+0 (;=0;)
;;         local.set 1
;;       end
;;       local.get 1
;;       f32.const 0x0p+0 (;=0;)
;;       f32.lt
;;       if ;; label = @1
;;         f32.const 0x0p+0 (;=0;)
;;         local.set 1
;;       end
;;       local.get 1
;;       f32.const 0x1.fffffep+62 (;=9223371500000000000;)
;;       f32.gt
;;       if ;; label = @1
;;         f32.const 0x1.fffffep+62 (;=9223371500000000000;)
;;         local.set 1
;;       end
;;       local.get 1
;;       i64.trunc_f32_u
;;       i32.const -1
;;       f32.reinterpret_i32
;;       i64.trunc_sat_f32_u
;;       i32.const -285405687
;;       br_if 0
;;       i64.mul_wide_u
;;       i32.wrap_i64
;;       i32.extend8_s
;;       br_table 0 0
;;       f32.convert_i64_s
;;       f32.abs
;;       local.tee 2
;;       local.get 2
;;       f32.ne
;;       local.get 2
;;       f32.const inf (;=inf;)
;;       f32.eq
;;       local.get 2
;;       f32.const -inf (;=-inf;)
;;       f32.eq
;;       i32.or
;;       i32.or
;;       if ;; label = @1
;;         f32.const 0x0p+0 (;=0;)
;;         local.set 2
;;       end
;;       local.get 2
;;       f32.const -0x1p+63 (;=-9223372000000000000;)
;;       f32.lt
;;       if ;; label = @1
;;         f32.const -0x1p+63 (;=-9223372000000000000;)
;;         local.set 2
;;       end
;;       local.get 2
;;       f32.const 0x1.fffffep+62 (;=9223371500000000000;)
;;       f32.gt
;;       if ;; label = @1
;;         f32.const 0x1.fffffep+62 (;=9223371500000000000;)
;;         local.set 2
;;       end
;;       local.get 2
;;       i64.trunc_f32_s
;;       f64.reinterpret_i64
;;       local.tee 3
;;       local.get 3
;;       f64.ne
;;       local.get 3
;;       f64.const inf (;=inf;)
;;       f64.eq
;;       local.get 3
;;       f64.const -inf (;=-inf;)
;;       f64.eq
;;       i32.or
;;       i32.or
;;       if ;; label = @1
;;         f64.const 0x0p+0 (;=0;)
;;         local.set 3
;;       end
;;       local.get 3
;;       f64.const -0x1p+31 (;=-2147483648;)
;;       f64.lt
;;       if ;; label = @1
;;         f64.const -0x1p+31 (;=-2147483648;)
;;         local.set 3
;;       end
;;       local.get 3
;;       f64.const 0x1.fffffffcp+30 (;=2147483647;)
;;       f64.gt
;;       if ;; label = @1
;;         f64.const 0x1.fffffffcp+30 (;=2147483647;)
;;         local.set 3
;;       end
;;       local.get 3
;;       i32.trunc_f64_s
;;       loop ;; label = @1
;;         global.get 6
;;         i32.eqz
;;         if ;; label = @2
;;           unreachable
;;         end
;;         global.get 6
;;         i32.const 1
;;         i32.sub
;;         global.set 6
;;         elem.drop 0
;;         loop (type 2) ;; label = @2
;;           global.get 6
;;           i32.eqz
;;           if ;; label = @3
;;             unreachable
;;           end
;;           global.get 6
;;           i32.const 1
;;           i32.sub
;;           global.set 6
;;           call 3
;;           i32.reinterpret_f32
;;           f64.const -nan:0xffffc00000000 (;=NaN;)
;;           call 0
;;           i32.trunc_sat_f64_u
;;           i32.xor
;;           i32.ctz
;;           f32.convert_i32_s
;;           block (result i64) ;; label = @3
;;             f64.const 0x1.p-1036 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000135807730622;)
;;             i32.trunc_sat_f64_u
;;             br_if 3
;;             i32.const 1142584882
;;             v128.const i32x4 0x145f999d 0x1f8d08bc 0x5f9fa984 0xe3818ae4
;;             nop
;;             return_call 0
;;             f64.const -nan:0xff00000000000 (;=NaN;)
;;             i64.trunc_sat_f64_s
;;             ref.null func
;;             v128.const i32x4 0xee01b1dd 0xdbca35b9 0xb428abda 0x7d420fe4
;;             call 0
;;             block (result externref) ;; label = @4
;;               v128.const i32x4 0xa71bf49b 0xcbe6ad2c 0x05bee6b7 0x95568f06
;;               elem.drop 0
;;               f64.const -0x1.70edd38898876p+738 (;=-2083721342355527000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
;;               br 4
;;               local.tee 4
;;               local.get 4
;;               f64.ne
;;               local.get 4
;;               f64.const inf (;=inf;)
;;               f64.eq
;;               local.get 4
;;               f64.const -inf (;=-inf;)
;;               f64.eq
;;               i32.or
;;               i32.or
;;               if ;; label = @5
;;                 f64.const 0x0p+0 (;=0;)
;;                 local.set 4
;;               end
;;               local.get 4
;;               f64.const 0x0p+0 (;=0;)
;;               f64.lt
;;               if ;; label = @5
;;                 f64.const 0x0p+0 (;=0;)
;;                 local.set 4
;;               end
;;               local.get 4
;;               f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
;;               f64.gt
;;               if ;; label = @5
;;                 f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
;;                 local.set 4
;;               end
;;               local.get 4
;;               i64.trunc_f64_u
;;               global.get 5
;;               i64.xor
;;               global.set 5
;;               global.get 2
;;               v128.xor
;;               global.set 2
;;               ref.null extern
;;             end
;;             drop
;;             global.get 2
;;             v128.xor
;;             global.set 2
;;             drop
;;             global.get 5
;;             i64.xor
;;             global.set 5
;;             global.get 2
;;             v128.xor
;;             global.set 2
;;             global.get 1
;;             i32.xor
;;             global.set 1
;;             i64.const 2147483647
;;           end
;;           global.get 5
;;           i64.xor
;;           global.set 5
;;           i32.reinterpret_f32
;;           global.get 4
;;           i32.xor
;;           global.set 4
;;           global.get 5
;;           i64.xor
;;           global.set 5
;;         end
;;       end
;;       global.get 1
;;       i32.xor
;;       global.set 1
;;       global.get 1
;;       i32.xor
;;       global.set 1
;;       global.get 2
;;       v128.xor
;;       global.set 2
;;       drop
;;       global.get 1
;;       i32.xor
;;       global.set 1
;;       drop
;;       global.get 2
;;       v128.xor
;;       global.set 2
;;       global.get 5
;;       i64.xor
;;       global.set 5
;;       global.get 2
;;       v128.xor
;;       global.set 2
;;       drop
;;       global.get 1
;;       i32.xor
;;       global.set 1
;;     )
;;     (func (;3;) (type 3) (result i64 f32)
;;       (local i32 f64 v128 v128 i64 f64 f32 f32 f32 f64 f64 f32 f64 i64 i64 f64 f64 f64)
;;       global.get 6
;;       i32.eqz
;;       if ;; label = @1
;;         unreachable
;;       end
;;       global.get 6
;;       i32.const 1
;;       i32.sub
;;       global.set 6
;;       f64.const 0x1.b5dac10c2b8e6p-928 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007537960964189421;)
;;       f64.sqrt
;;       local.tee 5
;;       f64.const nan (;=NaN;)
;;       local.get 5
;;       local.get 5
;;       f64.eq
;;       select
;;       global.get 0
;;       local.set 2
;;       block (type 4) ;; label = @1
;;         call 0
;;         local.get 2
;;         global.get 0
;;         global.get 0
;;         call 3
;;         f32.sqrt
;;         local.tee 6
;;         f32.const nan (;=NaN;)
;;         local.get 6
;;         local.get 6
;;         f32.eq
;;         select
;;         f32.nearest
;;         local.tee 7
;;         f32.const nan (;=NaN;)
;;         local.get 7
;;         local.get 7
;;         f32.eq
;;         select
;;         i32.trunc_sat_f32_u
;;         i32.const 908270912
;;         ref.null extern
;;         elem.drop 0
;;         call 3
;;         elem.drop 0
;;         f32.floor
;;         local.tee 8
;;         f32.const nan (;=NaN;)
;;         local.get 8
;;         local.get 8
;;         f32.eq
;;         select
;;         i32.const -2073522596
;;         local.get 1
;;         f64.sqrt
;;         local.tee 9
;;         f64.const nan (;=NaN;)
;;         local.get 9
;;         local.get 9
;;         f64.eq
;;         select
;;         f64.trunc
;;         local.tee 10
;;         f64.const nan (;=NaN;)
;;         local.get 10
;;         local.get 10
;;         f64.eq
;;         select
;;         i32.trunc_sat_f64_u
;;         i32.lt_s
;;         f64.convert_i32_u
;;         elem.drop 0
;;         f64.neg
;;         return_call 3
;;         f32.neg
;;         f32.floor
;;         local.tee 11
;;         f32.const nan (;=NaN;)
;;         local.get 11
;;         local.get 11
;;         f32.eq
;;         select
;;         global.get 0
;;         global.get 0
;;         loop ;; label = @2
;;           global.get 6
;;           i32.eqz
;;           if ;; label = @3
;;             unreachable
;;           end
;;           global.get 6
;;           i32.const 1
;;           i32.sub
;;           global.set 6
;;         end
;;         global.get 0
;;         i32.const -1305076021
;;         local.set 0
;;         br 0 (;@1;)
;;         loop (type 2) ;; label = @2
;;           global.get 6
;;           i32.eqz
;;           if ;; label = @3
;;             unreachable
;;           end
;;           global.get 6
;;           i32.const 1
;;           i32.sub
;;           global.set 6
;;           i32.const 612610927
;;           i32.extend8_s
;;           br_if 1 (;@1;)
;;           loop (type 2) ;; label = @3
;;             global.get 6
;;             i32.eqz
;;             if ;; label = @4
;;               unreachable
;;             end
;;             global.get 6
;;             i32.const 1
;;             i32.sub
;;             global.set 6
;;             nop
;;             f64.const -nan:0xffffffffffffb (;=NaN;)
;;             f64.ceil
;;             local.tee 12
;;             f64.const nan (;=NaN;)
;;             local.get 12
;;             local.get 12
;;             f64.eq
;;             select
;;             f64.abs
;;             local.get 2
;;             local.tee 2
;;             br 1 (;@2;)
;;             call 0
;;             loop ;; label = @4
;;               global.get 6
;;               i32.eqz
;;               if ;; label = @5
;;                 unreachable
;;               end
;;               global.get 6
;;               i32.const 1
;;               i32.sub
;;               global.set 6
;;               i32.const 1185775918
;;               global.get 1
;;               i32.xor
;;               global.set 1
;;               global.get 0
;;               loop (type 2) ;; label = @5
;;                 global.get 6
;;                 i32.eqz
;;                 if ;; label = @6
;;                   unreachable
;;                 end
;;                 global.get 6
;;                 i32.const 1
;;                 i32.sub
;;                 global.set 6
;;                 return_call 3
;;                 br 5
;;                 global.get 0
;;                 f64.const -0x1.475e05b8ff352p+781 (;=-16263795743558112000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
;;                 i64.reinterpret_f64
;;                 i64.clz
;;                 local.tee 4
;;                 return_call 3
;;                 f64.promote_f32
;;                 i64.reinterpret_f64
;;                 local.tee 4
;;                 call 2
;;                 local.get 4
;;                 i32.wrap_i64
;;                 select
;;                 local.set 13
;;                 i64.const 1
;;                 local.get 13
;;                 local.get 13
;;                 i64.eqz
;;                 select
;;                 local.set 13
;;                 local.set 14
;;                 block ;; label = @6
;;                   block ;; label = @7
;;                     local.get 14
;;                     local.get 13
;;                     local.set 13
;;                     local.tee 14
;;                     i64.const -9223372036854775808
;;                     i64.ne
;;                     br_if 0 (;@7;)
;;                     local.get 13
;;                     i64.const -1
;;                     i64.ne
;;                     br_if 0 (;@7;)
;;                     i64.const 1
;;                     local.set 13
;;                     br 1 (;@6;)
;;                   end
;;                 end
;;                 local.get 14
;;                 local.get 13
;;                 i64.rem_s
;;                 f64.const 0x1.f34801f04ba93p-829 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000054480227425384456;)
;;                 i64.reinterpret_f64
;;                 i64.or
;;                 f32.convert_i64_s
;;                 f64.const -nan:0xffffffffffeff (;=NaN;)
;;                 f64.sqrt
;;                 local.tee 15
;;                 f64.const nan (;=NaN;)
;;                 local.get 15
;;                 local.get 15
;;                 f64.eq
;;                 select
;;                 elem.drop 0
;;                 f64.floor
;;                 local.tee 16
;;                 f64.const nan (;=NaN;)
;;                 local.get 16
;;                 local.get 16
;;                 f64.eq
;;                 select
;;                 call 0
;;                 local.tee 17
;;                 local.get 17
;;                 f64.ne
;;                 local.get 17
;;                 f64.const inf (;=inf;)
;;                 f64.eq
;;                 local.get 17
;;                 f64.const -inf (;=-inf;)
;;                 f64.eq
;;                 i32.or
;;                 i32.or
;;                 if ;; label = @6
;;                   f64.const 0x0p+0 (;=0;)
;;                   local.set 17
;;                 end
;;                 local.get 17
;;                 f64.const -0x1.fffffffffffffp+62 (;=-9223372036854775000;)
;;                 f64.lt
;;                 if ;; label = @6
;;                   f64.const -0x1.fffffffffffffp+62 (;=-9223372036854775000;)
;;                   local.set 17
;;                 end
;;                 local.get 17
;;                 f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
;;                 f64.gt
;;                 if ;; label = @6
;;                   f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
;;                   local.set 17
;;                 end
;;                 local.get 17
;;                 i64.trunc_f64_s
;;                 global.get 5
;;                 i64.xor
;;                 global.set 5
;;                 i32.reinterpret_f32
;;                 global.get 4
;;                 i32.xor
;;                 global.set 4
;;                 global.get 2
;;                 v128.xor
;;                 global.set 2
;;               end
;;               global.get 2
;;               v128.xor
;;               global.set 2
;;             end
;;             global.get 2
;;             v128.xor
;;             global.set 2
;;             i64.reinterpret_f64
;;             global.get 3
;;             i64.xor
;;             global.set 3
;;           end
;;         end
;;         global.get 2
;;         v128.xor
;;         global.set 2
;;         global.get 2
;;         v128.xor
;;         global.set 2
;;         global.get 2
;;         v128.xor
;;         global.set 2
;;         i32.reinterpret_f32
;;         global.get 4
;;         i32.xor
;;         global.set 4
;;         global.get 5
;;         i64.xor
;;         global.set 5
;;         i64.reinterpret_f64
;;         global.get 3
;;         i64.xor
;;         global.set 3
;;         i32.reinterpret_f32
;;         global.get 4
;;         i32.xor
;;         global.set 4
;;         global.get 5
;;         i64.xor
;;         global.set 5
;;         drop
;;         global.get 1
;;         i32.xor
;;         global.set 1
;;         global.get 1
;;         i32.xor
;;         global.set 1
;;         global.get 5
;;         i64.xor
;;         global.set 5
;;         global.get 2
;;         v128.xor
;;         global.set 2
;;         global.get 2
;;         v128.xor
;;         global.set 2
;;         global.get 2
;;         v128.xor
;;         global.set 2
;;       end
;;       i64.reinterpret_f64
;;       global.get 3
;;       i64.xor
;;       global.set 3
;;       i64.const 5962228102855973888
;;       f32.const 0x1.e75186p+68 (;=561839920000000000000;)
;;     )
;;   )
(module binary "\00asm\01\00\00\00\01\19\05`\03}}~\01{`\01~\02}{`\00\00`\00\02~}`\00\00\03\05\04\02\00\02\03\06E\07{\01\fd\0c\e2\96\16\c6\bceq\fe\85H\8dm\85\e9\80\c9\0b\7f\01A\00\0b{\01\fd\0c\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\0b~\01B\00\0b\7f\01A\00\0b~\01B\00\0b\7f\01A\e8\07\0b\07.\0a\00\00\00\011\00\01\012\00\02\013\00\03\014\03\00\015\03\01\016\03\02\017\03\03\07\08`SvRF\10\03\04\019\03\05\08\01\02\09\04\01\01\00\00\0a\f5\1c\04\ab\08\06\01\7f\01}\01}\01}\01|\01|#\06E\04@\00\0b#\06A\01k$\06A\ff\ff\ff{g\d0p\01\d1A\80\80x\b2\fc\01I!\00A\01 \00 \00E\1bn\01\b7\99\bdD\d0\00D\f4\a5B)\02\fc\06\84PA\a0\de\c2\e7\03O\0f\b7\03\02#\06E\04@\00\0b#\06A\01k$\06\d0p\10\00D\b8+\89i6\ee\04\0c\02\7fA\ffo\02\03B\97\b0\be\fe\cc\9a\e8\d2T\a7\03|#\06E\04@\00\0b#\06A\01k$\06\fd\0c\04\8bc\b0AbL-\c1\92\0f\f2\8d\1b \0c$\00\10\02\fd\0c\9bb_\ae\06$\c65td\9b\eat\96\8bK\fd\0c\9eT\aa>+\13\7f\9e\90>\ae\84#\809\bd\02@\02\02C[\98\86\fe\0c\00\fc\01\c0\0d\02B\a4\dc\b3\e5\e8\84\be\baC\c2\12\00z\fc\0d\00\01\12\00\02\04\03\04#\06E\04@\00\0b#\06A\01k$\06C\00\ff\ff\ff\fc\0d\00\8f\22\01C\00\00\c0\7f \01 \01[\1b\02\02\12\02#\00\fc\0d\00\12\02A\9f\a2\a4\db\01\ad\10\03A\98\b5\8f\f8|\0e\08\00\01\02\03\04\05\08\09\09\d0o\d0o#\00\02\04\0b\d0pDgi\17\bcfD\02\a8\fc\03\b3\8d\22\02C\00\00\c0\7f \02 \02[\1b\02\04\10\02\02\02\0c\04A\af\89\ba\a4x\ac\fc\0d\00A\ce\8b\8c\cc\01\ac\ba\fc\02\fc\0d\00\03}#\06E\04@\00\0b#\06A\01k$\06\d0p\d0o\12\02B\80\80\80\80\80\80\10P\03|#\06E\04@\00\0b#\06A\01k$\06\12\02\0c\04C\00\80\ff\ff\22\03 \03\5c \03C\00\00\80\7f[ \03C\00\00\80\ff[rr\04@C\00\00\00\00!\03\0b \03C\00\00\00\00]\04@C\00\00\00\00!\03\0b \03C\ff\ff\ffN^\04@C\ff\ff\ffN!\03\0b \03\a9\be\02@B\f8\be\d5\a2\a2\d6\9e\dc\1c#\00#\00A\80\80p\10\00\fc\0d\00\acy\b4\fc\05\0c\08D\ff\ff\ff\ff\ff\00\00\00B\b1\95\b1\e4\b7\99\e0\85)\fc\0d\00\0c\0a#\00B\97\b4\e7\88\ed\fd\c9\a1\10\10\02{\d0o\fd\0c\a1\c2\89\ac\02\bd$\10\de\bfI\83\a5\81\bc\e8\12\00\02\04D\fe\fe\fe\fe\fe\fe\fe\feB\ff{P\be\8c\d0o\fd\0c\09},|\ae\a6\b0=tON\ceg\b8E\be$\00#\00\0c\02D\00\00\00\00\00\00\00\04\12\02#\00\12\02Dm\bf\92|\a4E\d30\9f\22\04D\00\00\00\00\00\00\f8\7f \04 \04a\1b\22\05 \05b \05D\00\00\00\00\00\00\f0\7fa \05D\00\00\00\00\00\00\f0\ffarr\04@D\00\00\00\00\00\00\00\00!\05\0b \05D\00\00\00\00\00\00\e0\c1c\04@D\00\00\00\00\00\00\e0\c1!\05\0b \05D\00\00\c0\ff\ff\ff\dfAd\04@D\00\00\c0\ff\ff\ff\dfA!\05\0b \05\aa#\01s$\01#\02\fdQ$\02\bd#\03\85$\03#\02\fdQ$\02\1a\bc#\04s$\04\bd#\03\85$\03\0b#\02\fdQ$\02\1a#\05\85$\05#\02\fdQ$\02#\05\85$\05\bd#\03\85$\03#\05\85$\05#\02\fdQ$\02#\02\fdQ$\02#\05\85$\05\0b\bc#\04s$\04D\81)Bz\1c\89\ee+\0b\bd#\03\85$\03#\01s$\01\1a\1aC\00\fc\ff\ff\0b\bc#\04s$\04#\01s$\01#\05\85$\05\0b\0b\bc#\04s$\04\1a#\02\fdQ$\02\1a\1a\bc#\04s$\04#\05\85$\05#\05\85$\05#\02\fdQ$\02\0b\bc#\04s$\04\0b\0b#\05\85$\05\0b\0b#\02\fdQ$\02#\02\fdQ$\02D\18hN\b4\1f\cf\db\05\0b\bd#\03\85$\03#\01s$\01B\96\92\e6\cd\d7\e7\be\df\03C\04\00\00\00\0b\bc#\04s$\04#\05\85$\05\0b#\01s$\01\bd#\03\85$\03\1a\0b\bd#\03\85$\03\0b\94\08\0c\01\7f\01p\01~\01}\01\7f\01}\01}\01|\01\7f\01}\01}\01}#\06E\04@\00\0b#\06A\01k$\06#\00\0c\00\d0o\d1\b7\fc\03\acCg\c21D\03\03#\06E\04@\00\0b#\06A\01k$\06\02\02\02@\d0p\02\02\02@A\80\80\80| \02\b5\22\06 \06\5c \06C\00\00\80\7f[ \06C\00\00\80\ff[rr\04@C\00\00\00\00!\06\0b \06C\00\00\00\00]\04@C\00\00\00\00!\06\0b \06C\ff\ff\ff^^\04@C\ff\ff\ff^!\06\0b \06\af\c3P!\07A\01 \07 \07E\1bp#\00A\80\80\80\fc\07 \00\fc\0d\00\8d\22\08C\00\00\c0\7f \08 \08[\1bC\8d+\a9\a8\03\03#\06E\04@\00\0b#\06A\01k$\06\03\04#\06E\04@\00\0b#\06A\01k$\06C.\9a\1cS\02\03\02} \00\8d\22\09C\00\00\c0\7f \09 \09[\1b!\01\10\02\01\0c\07\10\02 \04\d0o\fd\0c\bc-\db\da\10\12.\df\d8\01\c7\9b\13\a9\06\bf\fd\0c\88\e8}j \dcQ\17\11D\1b\f1\d2\14\dd\9b#\00B\80\80\80\80\02\b4\bc\fd\0c\b9\19f\0ei\8e\7fpM\86u\aat\c4\d5\f3\fc\0d\00\02\03\02{ \02 \00\02p \05\c4\fc\0d\00\0c\05{\ba\0c\08\22\0a \0ab \0aD\00\00\00\00\00\00\f0\7fa \0aD\00\00\00\00\00\00\f0\ffarr\04@D\00\00\00\00\00\00\00\00!\0a\0b \0aD\ff\ff\ff\ff\ff\ff\df\c3c\04@D\ff\ff\ff\ff\ff\ff\df\c3!\0a\0b \0aD\ff\ff\ff\ff\ff\ff\dfCd\04@D\ff\ff\ff\ff\ff\ff\dfC!\0a\0b \0a\b0#\00\fd\0c\1d\d1-\f7S\e2\e7s{\93W\c6\e5!7(A\ff\bf\7fgD2\8c\97\8f\f1\11\9fq\fc\03A\ec\82\9f\94\04!\0bA\01 \0b \0bE\1bn\04\03\fd\0c\b6\cae4\f0\14\b1\80\eb\02\b9\8cB\0a7\e6\10\02$\00\fc\0d\00#\00\02\7f \01C\00\00\04\00D\5c\d5E&\d7B=\c9\10\03\8e\22\0cC\00\00\c0\7f \0c \0c[\1b\fc\00A\ff\ff\0f\0c\0av#\00\10\03!\00\bf\03\02#\06E\04@\00\0b#\06A\01k$\06\10\03C\00 \00\00A\e2\81\a2\f8\01\0d\06\96\22\0dC\00\00\c0\7f \0d \0d[\1b\8f\22\0eC\00\00\c0\7f \0e \0e[\1b\02\04\0b\bc#\04s$\04#\05\85$\05\0b\bd#\03\85$\03#\02\fdQ$\02#\01s$\01#\05\85$\05\bd#\03\85$\03\bc#\04s$\04\bc#\04s$\04A\dd\f4\92\ad\07\0b#\01s$\01#\02\fdQ$\02B\b6\ab\d3\e4\8f\d0\dd\ff\d0\00C\ed\95!*\05B\80\80\c0\00C\00\1f\f9\80\0b\bc#\04s$\04#\05\85$\05#\01s$\01#\02\fdQ$\02#\02\fdQ$\02#\05\85$\05\d0p\0b\1a\bc#\04s$\04#\05\85$\05\fd\0c\ff\ff\ff\ff\ff\03\00\00\ff\ff\ff\ff\ff\ff\ff\07\0b#\02\fdQ$\02B\80\80|CUUUU\0b\bc#\04s$\04#\05\85$\05#\02\fdQ$\02#\01s$\01#\02\fdQ$\02#\02\fdQ$\02#\02\fdQ$\02\1a\1aC\f4\ca\a3\a9\0b\bc#\04s$\04B\be\ca\8e\e4\bc\a8\e2\ceIC\00\00@\00\0b\bc#\04s$\04#\05\85$\05\bc#\04s$\04\0bB\ff\ff\ff\ff\ff\ff\ff\03CavJ\ae\0b\bc#\04s$\04#\05\85$\05\bc#\04s$\04\bc#\04s$\04#\01s$\01#\02\fdQ$\02#\01s$\01\0b\0b\1a\0b\0bB\f9\e4\b0\97\a1\eb\c1\e2vC\0f\00\00\00\0b\bc#\04s$\04#\05\85$\05\bc#\04s$\04#\05\85$\05\fd\0c&\82>\c2\1ct\86k\d4M\a0\a0P\04\8e\da\0b\a6\06\05\01}\01}\01}\01|\01|#\06E\04@\00\0b#\06A\01k$\06Ca\a8z\c4\10\00\8b\fc\00E\d0p#\00D\00\02\00\00\00\00\00\00\fc\02\c1\b8\bd#\00\d0oA\a4\8c\9f\be\01\0c\00\0c\00D\ff\ff\df\ff\ff\ff\ff\ff\b6#\00C\1f`f_\22\00 \00\5c \00C\00\00\80\7f[ \00C\00\00\80\ff[rr\04@C\00\00\00\00!\00\0b \00C\ff\ff\ff\ce]\04@C\ff\ff\ff\ce!\00\0b \00C\ff\ff\ffN^\04@C\ff\ff\ffN!\00\0b \00\a8\fc\0d\00C\b9\b61\12\22\01 \01\5c \01C\00\00\80\7f[ \01C\00\00\80\ff[rr\04@C\00\00\00\00!\01\0b \01C\00\00\00\00]\04@C\00\00\00\00!\01\0b \01C\ff\ff\ff^^\04@C\ff\ff\ff^!\01\0b \01\afA\7f\be\fc\05A\89\9c\f4\f7~\0d\00\fc\16\a7\c0\0e\01\00\00\b4\8b\22\02 \02\5c \02C\00\00\80\7f[ \02C\00\00\80\ff[rr\04@C\00\00\00\00!\02\0b \02C\00\00\00\df]\04@C\00\00\00\df!\02\0b \02C\ff\ff\ff^^\04@C\ff\ff\ff^!\02\0b \02\ae\bf\22\03 \03b \03D\00\00\00\00\00\00\f0\7fa \03D\00\00\00\00\00\00\f0\ffarr\04@D\00\00\00\00\00\00\00\00!\03\0b \03D\00\00\00\00\00\00\e0\c1c\04@D\00\00\00\00\00\00\e0\c1!\03\0b \03D\00\00\c0\ff\ff\ff\dfAd\04@D\00\00\c0\ff\ff\ff\dfA!\03\0b \03\aa\03@#\06E\04@\00\0b#\06A\01k$\06\fc\0d\00\03\02#\06E\04@\00\0b#\06A\01k$\06\10\03\bcD\00\00\00\00\fc\ff\ff\ff\10\00\fc\03sh\b2\02~D\00\00\00\00@\00\00\00\fc\03\0d\03A\b2\ec\e9\a0\04\fd\0c\9d\99_\14\bc\08\8d\1f\84\a9\9f_\e4\8a\81\e3\01\12\00D\00\00\00\00\00\f0\ff\ff\fc\06\d0p\fd\0c\dd\b1\01\ee\b95\ca\db\da\ab(\b4\e4\0fB}\10\00\02o\fd\0c\9b\f4\1b\a7,\ad\e6\cb\b7\e6\be\05\06\8fV\95\fc\0d\00Dv\88\898\dd\0e\17\ee\0c\04\22\04 \04b \04D\00\00\00\00\00\00\f0\7fa \04D\00\00\00\00\00\00\f0\ffarr\04@D\00\00\00\00\00\00\00\00!\04\0b \04D\00\00\00\00\00\00\00\00c\04@D\00\00\00\00\00\00\00\00!\04\0b \04D\ff\ff\ff\ff\ff\ff\dfCd\04@D\ff\ff\ff\ff\ff\ff\dfC!\04\0b \04\b1#\05\85$\05#\02\fdQ$\02\d0o\0b\1a#\02\fdQ$\02\1a#\05\85$\05#\02\fdQ$\02#\01s$\01B\ff\ff\ff\ff\07\0b#\05\85$\05\bc#\04s$\04#\05\85$\05\0b\0b#\01s$\01#\01s$\01#\02\fdQ$\02\1a#\01s$\01\1a#\02\fdQ$\02#\05\85$\05#\02\fdQ$\02\1a#\01s$\01\0b\87\06\12\01\7f\01|\01{\01{\01~\01|\01}\01}\01}\01|\01|\01}\01|\01~\01~\01|\01|\01|#\06E\04@\00\0b#\06A\01k$\06D\e6\b8\c2\10\ac]\fb\05\9f\22\05D\00\00\00\00\00\00\f8\7f \05 \05a\1b#\00!\02\02\04\10\00 \02#\00#\00\10\03\91\22\06C\00\00\c0\7f \06 \06[\1b\90\22\07C\00\00\c0\7f \07 \07[\1b\fc\01A\c0\ba\8c\b1\03\d0o\fc\0d\00\10\03\fc\0d\00\8e\22\08C\00\00\c0\7f \08 \08[\1bA\dc\9c\a2\a3x \01\9f\22\09D\00\00\00\00\00\00\f8\7f \09 \09a\1b\9d\22\0aD\00\00\00\00\00\00\f8\7f \0a \0aa\1b\fc\03H\b8\fc\0d\00\9a\12\03\8c\8e\22\0bC\00\00\c0\7f \0b \0b[\1b#\00#\00\03@#\06E\04@\00\0b#\06A\01k$\06\0b#\00A\cb\bd\d8\91{!\00\0c\00\03\02#\06E\04@\00\0b#\06A\01k$\06A\ef\e6\8e\a4\02\c0\0d\01\03\02#\06E\04@\00\0b#\06A\01k$\06\01D\fb\ff\ff\ff\ff\ff\ff\ff\9b\22\0cD\00\00\00\00\00\00\f8\7f \0c \0ca\1b\99 \02\22\02\0c\01\10\00\03@#\06E\04@\00\0b#\06A\01k$\06A\ae\82\b6\b5\04#\01s$\01#\00\03\02#\06E\04@\00\0b#\06A\01k$\06\12\03\0c\05#\00DR\f3\8f[\e0u\c4\f0\bdy\22\04\12\03\bb\bd\22\04\10\02 \04\a7\1b!\0dB\01 \0d \0dP\1b!\0d!\0e\02@\02@ \0e \0d!\0d\22\0eB\80\80\80\80\80\80\80\80\80\7fR\0d\00 \0dB\7fR\0d\00B\01!\0d\0c\01\0b\0b \0e \0d\81D\93\ba\04\1f\804/\0c\bd\84\b4D\ff\fe\ff\ff\ff\ff\ff\ff\9f\22\0fD\00\00\00\00\00\00\f8\7f \0f \0fa\1b\fc\0d\00\9c\22\10D\00\00\00\00\00\00\f8\7f \10 \10a\1b\10\00\22\11 \11b \11D\00\00\00\00\00\00\f0\7fa \11D\00\00\00\00\00\00\f0\ffarr\04@D\00\00\00\00\00\00\00\00!\11\0b \11D\ff\ff\ff\ff\ff\ff\df\c3c\04@D\ff\ff\ff\ff\ff\ff\df\c3!\11\0b \11D\ff\ff\ff\ff\ff\ff\dfCd\04@D\ff\ff\ff\ff\ff\ff\dfC!\11\0b \11\b0#\05\85$\05\bc#\04s$\04#\02\fdQ$\02\0b#\02\fdQ$\02\0b#\02\fdQ$\02\bd#\03\85$\03\0b\0b#\02\fdQ$\02#\02\fdQ$\02#\02\fdQ$\02\bc#\04s$\04#\05\85$\05\bd#\03\85$\03\bc#\04s$\04#\05\85$\05\1a#\01s$\01#\01s$\01#\05\85$\05#\02\fdQ$\02#\02\fdQ$\02#\02\fdQ$\02\0b\bd#\03\85$\03B\80\b8\d3\e4\ec\db\85\df\d2\00C\c3\a8\f3a\0b")
(assert_return (invoke ""))
(assert_return (invoke "1" (f32.const -0x1.b9b5c2p48) (f32.const -0x1.7d2afcp75) (i64.const 0x92fb32ced8ff90e1)) (v128.const i32x4 0xc61696e2 0xfe7165bc 0x6d8d4885 0xc980e985))
(assert_return (invoke "2"))
(assert_trap (invoke "3") "unreachable")
(assert_return (get "4") (v128.const i32x4 0xc61696e2 0xfe7165bc 0x6d8d4885 0xc980e985))
(assert_return (get "5") (i32.const 0x0))
(assert_return (get "6") (v128.const i32x4 0x0 0x0 0x0 0x0))
(assert_return (get "7") (i64.const 0x0))
(assert_return (get "\08`SvRF\10") (i32.const 0x0))
(assert_return (get "9") (i64.const 0x0))
